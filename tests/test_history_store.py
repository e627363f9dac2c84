"""The findings history (issue 25, first part): runs recorded in SQLite, each finding's life across runs (first
seen, last seen, fixed, reopened), a scope that could not be read never marking its findings fixed, the history
questions in the CLI, and --baseline store establishing the baseline on the first run."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import jsonschema
import pytest

from conftest import run_cli

CHECK = "gcp.iam.service_account_key_rotation"


def snapshot(tmp_path, name: str, keys: dict[str, int], unread: bool = False):
    """Project p read on 2026-12-04 with service accounts (name -> its key's age in days)."""
    read_at = datetime(2026, 12, 4, tzinfo=timezone.utc)
    resources = [{"provider": "gcp", "type": "gcp.account", "id": "projects/p", "name": "p", "account": "p",
                  "region": "global", "config": {"read_at": read_at.isoformat()}, "errors": {}}]
    for account, days in keys.items():
        created = (read_at - timedelta(days=days)).isoformat().replace("+00:00", "Z")
        resources.append({"provider": "gcp", "type": "gcp.iam.service_account", "id": f"sa/{account}",
                          "name": account, "account": "p", "region": "global",
                          "config": {"user_managed_keys": [{"id": "k1", "valid_after": created, "valid_before": None}]},
                          "errors": {}})
    errors = [{"scope": "iam serviceAccounts list p", "code": "Forbidden", "message": "403", "account": "p"}] if unread else []
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"format": "srmscan-snapshot", "schema_version": 1, "tool_version": "0.1.0",
                                "provider": "gcp", "metadata": {"accounts": ["p"]}, "errors": errors,
                                "resources": resources}))
    return path


def record(tmp_path, store: str, name: str, keys: dict[str, int], unread: bool = False, *extra: str):
    result = run_cli("evaluate", str(snapshot(tmp_path, name, keys, unread)), "--checks", CHECK, "--store", store,
                     "--format", "json", *extra)
    assert result.returncode in (0, 1, 3), result.stderr
    return json.loads(result.stdout)


def history(store: str, *args: str):
    """`srmscan history ARGS --format json`, checked against its command's shape in `srmscan schema history`."""
    result = run_cli("history", *args, "--store", store, "--format", "json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    jsonschema.validate(answer, {**HISTORY_SCHEMA, "anyOf": [{"$ref": f"#/$defs/{args[0]}"}]})
    return answer


def _history_schema():
    from srmscan.paths import schema_path

    return json.loads(schema_path("history.schema.json").read_text())


HISTORY_SCHEMA = _history_schema()


def test_three_runs_give_first_seen_fixed_and_reopened(tmp_path):
    store = f"sqlite:///{tmp_path / 'history.sqlite'}"
    record(tmp_path, store, "one", {"rotating": 100, "old": 100, "deleted": 100})
    record(tmp_path, store, "two", {"rotating": 10, "old": 100})             # rotated; "deleted" is gone
    record(tmp_path, store, "three", {"rotating": 100, "old": 100})          # rotating fails again
    runs = {r["run"]: r["recorded_at"] for r in history(store, "runs")}
    assert sorted(runs) == [1, 2, 3]
    from srmscan.history.store import Store

    found = {f["name"]: f for f in Store(store).open().open_findings()}
    everything = {name: Store(store).open().finding(f["fingerprint"]) for name, f in found.items()}
    assert set(found) == {"rotating", "old"}
    assert everything["old"]["first_seen"] == runs[1] and everything["old"]["last_seen"] == runs[3]
    assert everything["rotating"]["reopened"] == 1 and everything["rotating"]["fixed_at"] is None
    assert everything["rotating"]["first_seen"] == runs[1] and everything["rotating"]["last_seen"] == runs[3]
    trend = history(store, "trend", "--by", "check")
    assert [r["failing"][CHECK] for r in trend] == [3, 1, 2]
    diff = history(store, "diff", "1", "2")
    assert {d["change"] for d in diff} == {"gone"} and len(diff) == 2
    mttr = history(store, "mttr")
    assert mttr[0]["severity"] == "medium" and mttr[0]["fixed"] == 1   # "deleted" (gone); "rotating" reopened
    assert [f["name"] for f in history(store, "open")] == ["old", "rotating"]
    assert [r["run"] for r in history(store, "trend", "--per", "day")] == [3]   # one day: its last run


@pytest.mark.parametrize("args, message", [
    (("runs",), "no findings history at {path}: record a run first"),
    (("diff", "1", "7"), "no run 7 in sqlite:///{path}"),
    (("prune", "--keep", "6m"), "--keep '6m': write a number of days or weeks"),
    (("trend", "--by", "team"), "unknown --by 'team'; choose one of: duty, provider, severity, check, requirement"),
])
def test_history_questions_refuse_what_they_cannot_answer(tmp_path, args, message):
    path = tmp_path / "history.sqlite"
    if args[0] != "runs":
        record(tmp_path, f"sqlite:///{path}", "one", {"a": 100})
    result = run_cli("history", *args, "--store", f"sqlite:///{path}")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert message.format(path=path) in line, line
    assert args[0] != "runs" or not path.exists()   # a query never makes an empty store


def test_a_new_store_is_made_with_its_folder(tmp_path):
    path = tmp_path / "not" / "yet" / "history.sqlite"
    record(tmp_path, f"sqlite:///{path}", "one", {"a": 100})
    assert [r["run"] for r in history(f"sqlite:///{path}", "runs")] == [1]


def test_a_scope_that_could_not_be_read_fixes_nothing(tmp_path):
    store = f"sqlite:///{tmp_path / 'history.sqlite'}"
    record(tmp_path, store, "one", {"a": 100, "b": 100})
    record(tmp_path, store, "two", {"a": 100}, True)   # b missing, but the listing failed: not fixed
    assert {f["name"] for f in history(store, "open")} == {"a", "b"}
    record(tmp_path, store, "three", {"a": 100})       # read fine now: b is gone, fixed
    assert {f["name"] for f in history(store, "open")} == {"a"}


def test_baseline_store_establishes_the_baseline_on_the_first_run(tmp_path):
    store = f"sqlite:///{tmp_path / 'history.sqlite'}"
    first = run_cli("evaluate", str(snapshot(tmp_path, "one", {"a": 100})), "--checks", CHECK, "--store", store,
                    "--baseline", "store", "--fail-on", "any")
    assert first.returncode == 0, first.stderr   # nothing new: this run is the baseline
    assert "this run is the baseline" in first.stderr
    second = run_cli("evaluate", str(snapshot(tmp_path, "two", {"a": 100, "b": 100})), "--checks", CHECK,
                     "--store", store, "--baseline", "store", "--fail-on", "any", "--format", "json")
    assert second.returncode == 1   # b is new
    states = {f["resource"]["name"]: f.get("baseline_state") for f in json.loads(second.stdout)["findings"]}
    assert states == {"a": "unchanged", "b": "new"}


@pytest.mark.parametrize("args, message", [
    (("--store", "mysql://x"), "--store 'mysql://x': give sqlite:///PATH, postgresql://USER@HOST/DB or default"),
    (("--baseline", "store"), "--baseline store needs --store URL"),
    (("--store", "postgresql://srmscan@127.0.0.1:1/none"), "cannot open the findings store postgresql+psycopg://"),
])
def test_store_problems_are_one_line_before_anything_is_read(tmp_path, args, message):
    result = run_cli("evaluate", str(snapshot(tmp_path, "one", {"a": 100})), *args)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert message in line, line


@pytest.fixture(scope="module")
def postgres():
    from postgres_server import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


def test_the_same_history_in_a_real_postgresql(tmp_path, postgres):
    store = postgres.create_database("history_lifecycle")
    record(tmp_path, store, "one", {"rotating": 100, "old": 100, "deleted": 100})
    record(tmp_path, store, "two", {"rotating": 10, "old": 100})
    record(tmp_path, store, "three", {"rotating": 100, "old": 100})
    opened = {f["name"]: f for f in history(store, "open")}
    assert set(opened) == {"rotating", "old"} and opened["rotating"]["reopened"] == 1
    assert [r["failing"][CHECK] for r in history(store, "trend", "--by", "check")] == [3, 1, 2]
    assert [r["run"] for r in history(store, "runs")] == [3, 2, 1]


def test_a_run_that_fails_mid_write_leaves_the_previous_state(tmp_path, monkeypatch):
    """One transaction: an error after the results were inserted (as a crash or Ctrl-C would) rolls it all back."""
    from srmscan.history import store as history_store
    from srmscan.model import Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots

    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    record(tmp_path, url, "one", {"a": 100})
    report = evaluate_snapshots([Snapshot.load(snapshot(tmp_path, "two", {"a": 100, "b": 100}))],
                                Selection(include=(CHECK,)))

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(history_store, "_lifecycle", broken)
    with pytest.raises(KeyboardInterrupt):
        history_store.Store(url).open().record(report, 1, [CHECK])
    assert [r["run"] for r in history(url, "runs")] == [1]
    assert {f["name"] for f in history(url, "open")} == {"a"}


def test_two_writers_at_once_both_land_in_sqlite(tmp_path):
    import subprocess
    import sys

    from conftest import REPO

    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    paths = [snapshot(tmp_path, name, {"a": 100, name: 100}) for name in ("x", "y")]
    # a new store: both writers find no schema; one creates it, the other waits and finds it made
    procs = [subprocess.Popen([sys.executable, "-m", "srmscan", "evaluate", str(p), "--checks", CHECK, "--store", url,
                               "--quiet"], cwd=REPO / "tests", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for p in paths]
    assert [p.wait(timeout=120) for p in procs] == [1, 1], [p.stderr.read() for p in procs]
    assert len(history(url, "runs")) == 2
    import sqlite3

    with sqlite3.connect(tmp_path / "history.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_older_schema_is_upgraded_in_place_keeping_its_runs(tmp_path):
    """A store written at revision 0001 (before run keys) opens with this version: upgraded, nothing lost."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from srmscan.history import store as history_store

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(history_store.Path(history_store.__file__).parent / "migrations"))
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("INSERT INTO runs (recorded_at, scopes, scope_key, unread_scopes, checks, scans, "
                                "summary, exit_code) VALUES (:at, :scopes, 'k', '[]', '[]', '[]', :summary, 0)"),
                           {"at": "2026-01-01T00:00:00+00:00", "scopes": json.dumps(["gcp/p"]),
                            "summary": json.dumps({"by_status": {"FAIL": 1, "PASS": 0, "ERROR": 0}})})
        connection.execute(text("INSERT INTO results VALUES (1, 'f1', 'FAIL', :no, :check, 'medium', "
                                "'credential-hygiene', 'gcp', 'p', 'global', 'sa/x', 'x', 'old key')"),
                           {"no": False, "check": CHECK})
    record(tmp_path, url, "one", {"a": 100}, False, "--run-key", "job-1")
    assert [r["run"] for r in history(url, "runs")] == [2, 1]
    # the old run's failing result was counted by revision 0003 for the trend
    assert [r["failing"] for r in history(url, "trend", "--by", "check")] == [{CHECK: 1}, {CHECK: 1}]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
        assert connection.execute(text("SELECT run_key FROM runs WHERE id = 2")).scalar() == "job-1"


def test_shards_writing_at_once_are_one_run_like_an_unsharded_one(tmp_path, postgres):
    import subprocess
    import sys

    from conftest import REPO

    def project(name: str, keys: dict[str, int]):
        path = snapshot(tmp_path, name, keys)
        data = json.loads(path.read_text())
        data["metadata"]["accounts"] = [name]
        for resource in data["resources"]:
            resource["account"] = name
            resource["id"] = f"{name}/{resource['id']}"
        path.write_text(json.dumps(data))
        return path

    parts = [project(f"p{i}", {"a": 100, "b": 10 * i}) for i in range(1, 4)]
    sharded, whole = postgres.create_database("shards"), postgres.create_database("whole")
    procs = [subprocess.Popen([sys.executable, "-m", "srmscan", "evaluate", str(p), "--checks", CHECK, "--store", sharded,
                               "--run-key", "nightly-42", "--quiet"], cwd=REPO / "tests", stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for p in parts]
    assert [p.wait(timeout=120) for p in procs] == [1, 1, 1], [p.stderr.read() for p in procs]
    record(tmp_path, whole, "unused", {})  # a first run of another scope: run ids differ, contents must not
    assert run_cli("evaluate", *map(str, parts), "--checks", CHECK, "--store", whole, "--quiet").returncode == 1

    def stored(url: str, run: int):
        from sqlalchemy import create_engine, text

        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as db:
            scopes = db.execute(text("SELECT scopes FROM runs WHERE id = :r"), {"r": run}).scalar()
            results = set(db.execute(text("SELECT fingerprint, status FROM results WHERE run_id = :r"), {"r": run}))
            findings = set(db.execute(text("SELECT fingerprint, state FROM findings")))
        return sorted(scopes), results, findings

    one = stored(sharded, 1)
    assert [r["run"] for r in history(sharded, "runs")] == [1]   # three shards, one run
    assert one[0] == ["gcp/p1", "gcp/p2", "gcp/p3"]
    assert one[1:] == stored(whole, 2)[1:] and len(one[1]) == 6


def test_prune_keeps_open_findings_and_recent_runs(tmp_path):
    from srmscan.history.store import Store

    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    record(tmp_path, url, "one", {"a": 100, "b": 100})
    record(tmp_path, url, "two", {"a": 100, "b": 10})   # b fixed
    store = Store(url).open()
    later = (datetime.now(timezone.utc) + timedelta(days=200)).isoformat(timespec="seconds")
    assert store.prune(180, now=later) == {"runs": 2, "results": 4, "fixed_findings": 1}
    assert [f["name"] for f in store.open_findings()] == ["a"]
    assert history(url, "prune", "--keep", "180d") == [{"runs": 0, "results": 0, "fixed_findings": 0}]


def test_ocsf_records_carry_first_and_last_seen_from_the_history(tmp_path):
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    record(tmp_path, url, "one", {"a": 100})
    ocsf = tmp_path / "f.ocsf.json"
    assert run_cli("evaluate", str(snapshot(tmp_path, "two", {"a": 100, "b": 100})), "--checks", CHECK,
                   "--store", url, "--ocsf", str(ocsf)).returncode == 1
    records = {r["resources"][0]["name"]: r["finding_info"] for r in json.loads(ocsf.read_text())}
    first = datetime.fromisoformat(history(url, "runs")[-1]["recorded_at"]).timestamp() * 1000
    assert records["a"]["first_seen_time"] == int(first) <= records["a"]["last_seen_time"]
    assert records["b"]["first_seen_time"] == records["b"]["last_seen_time"]   # new in this run
    per_day = history(url, "trend", "--per", "day")
    assert len(per_day) == 1 and per_day[0]["failing"]["credential-hygiene"] == 2


def test_the_html_report_shows_the_trend_as_inline_svg(tmp_path):
    from browser import chromium, console_errors, requested_urls

    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    record(tmp_path, url, "one", {"a": 100})
    record(tmp_path, url, "two", {"a": 100, "b": 100})
    html = tmp_path / "report.html"
    assert run_cli("evaluate", str(snapshot(tmp_path, "three", {"a": 100, "b": 100, "c": 100})), "--checks", CHECK,
                   "--store", url, "--html", str(html)).returncode == 1
    driver = chromium(tmp_path)
    try:
        from selenium.webdriver.support.ui import WebDriverWait

        driver.get("about:blank")
        requested_urls(driver)
        console_errors(driver)
        driver.get(html.as_uri())
        WebDriverWait(driver, 30).until(lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "true")
        line = driver.find_element("css selector", "#trend-chart polyline.trend-medium")
        heights = [float(p.split(",")[1]) for p in line.get_attribute("points").split()]
        assert len(heights) == 3 and heights[0] > heights[1] > heights[2]   # 1, 2, 3 failing: the line rises
        driver.execute_script("document.getElementById('trend-section').scrollIntoView()")
        driver.save_screenshot(str(tmp_path / "report-trend.png"))
        assert console_errors(driver) == [] and set(requested_urls(driver)) == {html.as_uri()}
    finally:
        driver.quit()


@pytest.mark.parametrize("signame", ["SIGKILL", "SIGINT"])
def test_a_killed_writer_leaves_the_store_consistent(tmp_path, signame):
    """SIGKILL (a crash) or SIGINT (Ctrl-C) while a 40,000-result run is being written: afterwards the store holds
    the earlier run and either the whole new run or none of it, and SQLite's integrity check passes."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from conftest import REPO

    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    record(tmp_path, url, "one", {"a": 100})
    big = snapshot(tmp_path, "big", {f"sa-{i}": 100 if i % 2 else 10 for i in range(40_000)})
    process = subprocess.Popen([sys.executable, "-m", "srmscan", "evaluate", str(big), "--checks", CHECK, "--store", url,
                                "--quiet"], cwd=REPO / "tests", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = tmp_path / "history.sqlite-wal"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:   # the run's rows are being written
            break
        time.sleep(0.01)
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, getattr(signal, signame))
    code = process.wait(timeout=30)
    assert not killed or signame == "SIGKILL" or code == 130   # Ctrl-C: the interrupted run's own exit code
    with sqlite3.connect(tmp_path / "history.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        runs = [r[0] for r in db.execute("SELECT id FROM runs ORDER BY id")]
        counts = dict(db.execute("SELECT run_id, count(*) FROM results GROUP BY run_id"))
    assert runs in ([1], [1, 2])
    assert counts.get(1) == 1 and counts.get(2, 40_000) == 40_000   # the new run whole, or not at all
    assert killed or runs == [1, 2]


def test_trend_per_framework_requirement(tmp_path):
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    record(tmp_path, url, "one", {"a": 100})
    record(tmp_path, url, "two", {"a": 100, "b": 100})
    rows = history(url, "trend", "--by", "requirement", "--framework", "cis-gcp-5.0")
    assert [r["failing"] for r in rows] == [{"1.8": 1}, {"1.8": 2}]   # CIS GCP 1.8: service account key rotation
    missing = run_cli("history", "trend", "--by", "requirement", "--store", url)
    assert missing.returncode == 2 and "--by requirement needs --framework ID" in missing.stderr


def test_the_store_holds_no_planted_secret(tmp_path):
    """The same rule as snapshots: the GCP demo twins plant credentials in startup scripts and function environment
    variables; after a run is recorded, neither value is anywhere in the database file."""
    import gcp_demo_project
    import gcp_demo_workloads

    from conftest import REPO

    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    assert run_cli("evaluate", str(REPO / "fixtures" / "demo" / "gcp.json"), "--store", url, "--quiet").returncode == 1
    data = b"".join(p.read_bytes() for p in tmp_path.glob("history.sqlite*"))
    assert data and b"legacy-hook" in data   # the functions' results are there ...
    for secret in (gcp_demo_project.SECRET_MARKER, gcp_demo_workloads.SECRET_VALUE):
        assert secret.encode() not in data   # ... their secrets are not
