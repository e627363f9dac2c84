"""Writing runs into the history and answering questions from it.

A run is written in one transaction: its row, every result, and each finding's life (first seen, last seen, fixed,
reopened); a crash or Ctrl-C mid-write leaves the previous state. A finding is fixed when its check now passes on
the resource, or when its check ran and the resource is gone, but never in a scope the run could not read
(a collection error there). The schema is upgraded in place (Alembic) when a store is opened.
"""

from __future__ import annotations

import contextlib
import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from srmscan.errors import SrmscanError

DEFAULT = "default"
BATCH = 5000   # rows per executemany
MIGRATION_LOCK = 7_211_953   # the PostgreSQL advisory lock key migrations hold
INCREMENT = object()         # an update value meaning "this column + 1" (a finding reopened once more)


def store_url(value: str) -> str:
    """--store VALUE as a SQLAlchemy URL: `default` (SQLite in the user's data folder), sqlite:///PATH,
    postgresql://... (psycopg 3)."""
    if value == DEFAULT:
        from srmscan.paths import user_data_dir

        return f"sqlite:///{user_data_dir() / 'history.sqlite'}"
    if value.startswith("sqlite:///"):
        return value
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if value.startswith("postgresql+psycopg://"):
        return value
    raise SrmscanError(f"--store {value!r}: give sqlite:///PATH, postgresql://USER@HOST/DB or default")


def scope_key(scopes: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(scopes)).encode()).hexdigest()[:32]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _days_before(now: str, days: int) -> str:
    """The moment `days` before `now`, as the store writes times (ISO 8601, seconds)."""
    return (datetime.fromisoformat(now) - timedelta(days=days)).isoformat(timespec="seconds")


class Store:
    def __init__(self, value: str):
        from sqlalchemy import create_engine, event

        self.given = value
        self.url = store_url(value)
        sqlite = self.url.startswith("sqlite")
        # SQLite: a second writer waits up to 30 s for the first (then fails with a clear message), never corrupts
        self.engine = create_engine(self.url, connect_args={"timeout": 30} if sqlite else {"connect_timeout": 10})
        if sqlite:
            @event.listens_for(self.engine, "connect")
            def _pragmas(connection, _record):
                cursor = connection.cursor()
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.close()

    def open(self, create: bool = True) -> "Store":
        """Reach the database and bring its schema to this version (before any cloud is read). A SQLite store is
        made (with its folder) when a run is to be written (`create`); asking a store that does not exist is an
        error, so a mistyped path is not answered with an empty history."""
        from alembic import command
        from alembic.config import Config
        from sqlalchemy.exc import SQLAlchemyError

        path = self._sqlite_path()
        if path is not None and not path.exists():
            if not create:
                raise SrmscanError(f"no findings history at {path}: record a run first with "
                                   f"`srmscan scan ... --store {self.given}` (or check the path)")
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._migration_lock(), self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":   # shards opening a new store at once: one migrates
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                config = Config()
                config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError as exc:
            raise SrmscanError(f"cannot open the findings store {self._shown()}: "
                               f"{str(getattr(exc, 'orig', exc)).splitlines()[0]}") from None
        return self

    @contextlib.contextmanager
    def _migration_lock(self):
        """SQLite: writers opening a new store at once take turns (a lock file beside it) so one creates the schema
        and the others find it made. PostgreSQL serialises with an advisory lock inside the transaction instead."""
        path = self._sqlite_path()
        if path is None:
            yield
            return
        import fcntl

        with open(f"{path}.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _sqlite_path(self) -> Path | None:
        """The file of a SQLite store (None for PostgreSQL or an in-memory database)."""
        if not self.url.startswith("sqlite:///") or self.url == "sqlite:///:memory:":
            return None
        return Path(self.url.removeprefix("sqlite:///"))

    def _shown(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    # --- writing a run -------------------------------------------------------------------------------------------
    def record(self, report: Any, exit_code: int, checks: list[str], run_key: str | None = None) -> int:
        """Write the run (one transaction). With a run key, shards of one sharded run write into the same run, each
        adding its scopes and results (concurrently: the run row is locked while a shard adds to it)."""
        from sqlalchemy import insert, select
        from sqlalchemy.exc import OperationalError

        from srmscan.history.schema import findings, results, run_counts, runs

        scopes = sorted({f"{s['provider']}/{a}" for s in report.scans for a in s.get("accounts") or []})
        unread = sorted({f"{e['provider']}/{e.get('account', '')}" for e in report.collection_errors})
        now = report.generated_at
        rows = [_result_row(f) for f in report.findings]
        try:
            with self.engine.begin() as db:
                values = dict(recorded_at=now, scopes=scopes, scope_key=scope_key(scopes), unread_scopes=unread,
                              checks=checks, scans=report.scans, summary=report.summary(), coverage=report.coverage,
                              exit_code=exit_code, run_key=run_key)
                run_id = _run_row(db, runs, values) if run_key else db.execute(insert(runs).values(**values)
                                                                               ).inserted_primary_key[0]
                for start in range(0, len(rows), BATCH):
                    db.execute(insert(results), [{**row, "run_id": run_id} for row in rows[start:start + BATCH]])
                counts = _counts(rows, run_id)
                if counts:
                    db.execute(insert(run_counts), counts)
                known = {r.fingerprint: r for r in db.execute(select(
                    findings.c.fingerprint, findings.c.state, findings.c.check_id, findings.c.provider,
                    findings.c.account).where(findings.c.account.in_({s.split("/", 1)[1] for s in scopes})))}
                new, changed = _lifecycle(rows, known, now, run_id, set(checks), set(scopes) - set(unread))
                for start in range(0, len(new), BATCH):
                    db.execute(insert(findings), new[start:start + BATCH])
                _update_many(db, findings, changed)
        except OperationalError as exc:
            raise SrmscanError(f"cannot write the run to {self._shown()} (nothing was written): "
                               f"{str(exc.orig).splitlines()[0]}") from None
        return run_id

    # --- questions -----------------------------------------------------------------------------------------------
    def runs(self, limit: int = 50) -> list[dict[str, Any]]:
        from sqlalchemy import select

        from srmscan.history.schema import runs

        with self.engine.connect() as db:
            found = db.execute(select(runs.c.id, runs.c.recorded_at, runs.c.scopes, runs.c.unread_scopes,
                                      runs.c.summary, runs.c.exit_code).order_by(runs.c.id.desc()).limit(limit))
            return [{"run": r.id, "recorded_at": r.recorded_at, "scopes": r.scopes, "unread_scopes": r.unread_scopes,
                     "failed": r.summary["by_status"]["FAIL"], "passed": r.summary["by_status"]["PASS"],
                     "errors": r.summary["by_status"]["ERROR"], "exit_code": r.exit_code} for r in found]

    def open_findings(self, older_than_days: int = 0, now: str | None = None) -> list[dict[str, Any]]:
        from sqlalchemy import select

        from srmscan.history.schema import findings

        now = now or _now()
        cutoff = _days_before(now, older_than_days)
        with self.engine.connect() as db:
            found = db.execute(select(findings).where(findings.c.state == "open", findings.c.first_seen <= cutoff)
                               .order_by(findings.c.first_seen, findings.c.fingerprint))
            return [_finding_json(r, now) for r in found]

    def finding(self, fingerprint: str) -> dict[str, Any] | None:
        from sqlalchemy import select

        from srmscan.history.schema import findings

        with self.engine.connect() as db:
            row = db.execute(select(findings).where(findings.c.fingerprint == fingerprint)).first()
            return _finding_json(row, _now()) if row else None

    def mttr(self) -> dict[str, Any]:
        """Mean time to remediate (days, first seen to fixed) of the findings fixed, per severity."""
        from sqlalchemy import select

        from srmscan.history.schema import findings

        by: dict[str, list[float]] = {}
        with self.engine.connect() as db:
            for r in db.execute(select(findings.c.severity, findings.c.first_seen, findings.c.fixed_at)
                                .where(findings.c.state == "fixed")):
                days = (datetime.fromisoformat(r.fixed_at) - datetime.fromisoformat(r.first_seen)).total_seconds() / 86400
                by.setdefault(r.severity, []).append(days)
        return {severity: {"fixed": len(v), "mean_days": round(sum(v) / len(v), 2)} for severity, v in sorted(by.items())}

    def trend(self, by: str = "duty", per: str = "run") -> list[dict[str, Any]]:
        """Per run (or per day: the day's last run): failing (unwaived) results counted by `by`, one of COUNTED
        (`srmscan history trend` checks what the user gives)."""
        from sqlalchemy import func, select

        from srmscan.history.schema import run_counts, runs

        with self.engine.connect() as db:
            found = db.execute(select(runs.c.id, runs.c.recorded_at, run_counts.c.key, func.sum(run_counts.c.failing)
                                      .label("n"))
                               .join(run_counts, run_counts.c.run_id == runs.c.id)
                               .where(run_counts.c.dimension == by)
                               .group_by(runs.c.id, runs.c.recorded_at, run_counts.c.key)
                               .order_by(runs.c.id, run_counts.c.key))
            out: dict[int, dict[str, Any]] = {}
            for r in found:
                out.setdefault(r.id, {"run": r.id, "recorded_at": r.recorded_at, "failing": {}})["failing"][r.key] = int(r.n)
        if per == "day":   # each day as its last run left it
            days: dict[str, dict[str, Any]] = {}
            for row in out.values():
                days[row["recorded_at"][:10]] = {"day": row["recorded_at"][:10], "run": row["run"],
                                                 "failing": row["failing"]}
            return list(days.values())
        return list(out.values())

    def diff(self, first: int, second: int) -> dict[str, list[dict[str, Any]]]:
        """What failed in `second` and not in `first` (new), and the other way round (gone)."""
        from sqlalchemy import select

        from srmscan.history.schema import results, runs

        with self.engine.connect() as db:
            known = {r.id for r in db.execute(select(runs.c.id).where(runs.c.id.in_((first, second))))}
            if {first, second} - known:
                missing = ", ".join(str(n) for n in sorted({first, second} - known))
                raise SrmscanError(f"no run {missing} in {self._shown()}: `srmscan history runs` lists the runs")

            def failing(run_id: int) -> dict[str, Any]:
                rows = db.execute(select(results).where(results.c.run_id == run_id, results.c.status == "FAIL"))
                return {r.fingerprint: {"fingerprint": r.fingerprint, "check": r.check_id, "resource": r.resource_id,
                                        "account": r.account} for r in rows}
            a, b = failing(first), failing(second)
        return {"new": [b[k] for k in sorted(set(b) - set(a))], "gone": [a[k] for k in sorted(set(a) - set(b))]}

    def prune(self, keep_days: int, now: str | None = None) -> dict[str, int]:
        """Retention: delete the runs (and their results) recorded more than `keep_days` ago, and the findings fixed
        before then; open findings stay, whatever their age."""
        from sqlalchemy import delete, select

        from srmscan.history.schema import findings, results, run_counts, runs

        cutoff = _days_before(now or _now(), keep_days)
        with self.engine.begin() as db:
            old = [r.id for r in db.execute(select(runs.c.id).where(runs.c.recorded_at < cutoff))]
            if old:
                db.execute(delete(run_counts).where(run_counts.c.run_id.in_(old)))
            removed_results = db.execute(delete(results).where(results.c.run_id.in_(old))).rowcount if old else 0
            removed_runs = db.execute(delete(runs).where(runs.c.id.in_(old))).rowcount if old else 0
            removed_findings = db.execute(delete(findings).where(findings.c.state == "fixed",
                                                                 findings.c.fixed_at < cutoff)).rowcount
        return {"runs": removed_runs, "results": removed_results, "fixed_findings": removed_findings}

    def seen(self, fingerprints: list[str]) -> dict[str, tuple[str, str]]:
        """fingerprint -> (first seen, last seen) of the findings the history knows open (or fixed and reopened now)."""
        from sqlalchemy import select

        from srmscan.history.schema import findings

        found: dict[str, tuple[str, str]] = {}
        with self.engine.connect() as db:
            for start in range(0, len(fingerprints), BATCH):
                for r in db.execute(select(findings.c.fingerprint, findings.c.first_seen, findings.c.last_seen)
                                    .where(findings.c.fingerprint.in_(fingerprints[start:start + BATCH]))):
                    found[r.fingerprint] = (r.first_seen, r.last_seen)
        return found

    def baseline(self, scopes: list[str]) -> dict[str, dict[str, Any]] | None:
        """The failing results of the last stored run of these scopes, in load_baseline's shape (None: no run)."""
        from sqlalchemy import select

        from srmscan.history.schema import results, runs

        with self.engine.connect() as db:
            last = db.execute(select(runs.c.id).where(runs.c.scope_key == scope_key(scopes))
                              .order_by(runs.c.id.desc()).limit(1)).scalar()
            if last is None:
                return None
            rows = db.execute(select(results).where(results.c.run_id == last, results.c.status == "FAIL"))
            return {r.fingerprint: {"fingerprint": r.fingerprint, "check": {"id": r.check_id}, "message": r.message,
                                    "resource": {"id": r.resource_id, "provider": r.provider, "account": r.account}}
                    for r in rows}


def _run_row(db: Any, runs: Any, values: dict[str, Any]) -> int:
    """The run of this run key, created by the first shard to get there, extended by the others."""
    from sqlalchemy import insert, select, update
    from sqlalchemy.exc import IntegrityError

    try:
        with db.begin_nested():   # a savepoint: a shard that loses the race to create the run joins it instead
            return db.execute(insert(runs).values(**values)).inserted_primary_key[0]
    except IntegrityError:
        pass
    run = db.execute(select(runs).where(runs.c.run_key == values["run_key"]).with_for_update()).first()
    scopes = sorted(set(run.scopes) | set(values["scopes"]))
    summary = dict(run.summary)
    summary["by_status"] = {k: run.summary["by_status"].get(k, 0) + values["summary"]["by_status"].get(k, 0)
                            for k in set(run.summary["by_status"]) | set(values["summary"]["by_status"])}
    db.execute(update(runs).where(runs.c.id == run.id).values(
        scopes=scopes, scope_key=scope_key(scopes), unread_scopes=sorted(set(run.unread_scopes) | set(values["unread_scopes"])),
        checks=sorted(set(run.checks) | set(values["checks"])), scans=list(run.scans) + list(values["scans"]),
        summary=summary, exit_code=max(run.exit_code, values["exit_code"])))
    return run.id


COUNTED = {"duty": "duty", "provider": "provider", "severity": "severity", "check": "check_id"}   # trend dimensions


def _counts(rows: list[dict[str, Any]], run_id: int) -> list[dict[str, Any]]:
    """This run's (or shard's) failing unwaived results counted per dimension and key."""
    counted: dict[tuple[str, str], int] = {}
    for row in rows:
        if row["status"] == "FAIL" and not row["waived"]:
            for dimension, column in COUNTED.items():
                counted[(dimension, row[column])] = counted.get((dimension, row[column]), 0) + 1
    return [{"run_id": run_id, "dimension": d, "key": k, "failing": n} for (d, k), n in sorted(counted.items())]


def _result_row(finding: Any) -> dict[str, Any]:
    resource = finding.resource
    return {"fingerprint": finding.fingerprint, "status": finding.status.value, "waived": finding.waiver is not None,
            "check_id": finding.check["id"], "severity": finding.severity, "duty": finding.responsibility["id"],
            "provider": resource["provider"], "account": resource["account"], "region": resource["region"],
            "resource_id": resource["id"], "resource_name": resource["name"], "message": finding.message}


def _lifecycle(rows: list[dict[str, Any]], known: dict[str, Any], now: str, run_id: int, checks: set[str],
               readable: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The findings rows to insert and the updates of known ones, for this run's results."""
    from srmscan.history.schema import FINDING_IDENTITY

    new, changed, seen = [], [], set()
    for row in rows:
        fp = row["fingerprint"]
        seen.add(fp)
        was = known.get(fp)
        if row["status"] == "FAIL":
            if was is None:
                new.append({key: row[key] for key in ("fingerprint", *FINDING_IDENTITY, "waived")}
                           | {"state": "open", "first_seen": now, "last_seen": now, "fixed_at": None, "reopened": 0,
                              "last_run": run_id})
            elif was.state == "fixed":
                changed.append({"fp": fp, "state": "open", "fixed_at": None, "last_seen": now, "last_run": run_id,
                                "waived": row["waived"], "reopened": INCREMENT})
            else:
                changed.append({"fp": fp, "last_seen": now, "last_run": run_id, "waived": row["waived"]})
        elif row["status"] == "PASS" and was is not None and was.state == "open":
            changed.append({"fp": fp, "state": "fixed", "fixed_at": now, "last_run": run_id})
    for fp, was in known.items():   # the resource is gone while its check ran, in a scope the run read
        if fp not in seen and was.state == "open" and was.check_id in checks and f"{was.provider}/{was.account}" in readable:
            changed.append({"fp": fp, "state": "fixed", "fixed_at": now, "last_run": run_id})
    return new, changed


def _update_many(db: Any, findings: Any, changed: list[dict[str, Any]]) -> None:
    """The finding updates, grouped by the columns they set, each group one executemany (a 100,000-result run
    updates as many rows)."""
    from sqlalchemy import bindparam, update

    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for values in changed:
        groups.setdefault(tuple(sorted(k for k in values if k != "fp")), []).append(values)
    for columns, rows in groups.items():
        counted = {c for c in columns if rows[0][c] is INCREMENT}
        sets = {c: (findings.c[c] + 1 if c in counted else bindparam(f"v_{c}")) for c in columns}
        statement = update(findings).where(findings.c.fingerprint == bindparam("v_fp")).values(**sets)
        params = [{f"v_{k}": v for k, v in row.items() if k not in counted} for row in rows]
        for start in range(0, len(params), BATCH):
            db.execute(statement, params[start:start + BATCH])


def _finding_json(row: Any, now: str) -> dict[str, Any]:
    age = (datetime.fromisoformat(now) - datetime.fromisoformat(row.first_seen)).days
    return {"fingerprint": row.fingerprint, "check": row.check_id, "severity": row.severity, "duty": row.duty,
            "provider": row.provider, "account": row.account, "resource": row.resource_id, "name": row.resource_name,
            "state": row.state, "first_seen": row.first_seen, "last_seen": row.last_seen, "fixed_at": row.fixed_at,
            "reopened": row.reopened, "waived": bool(row.waived), "open_days": age if row.state == "open" else None}
