"""`srmscan history ...`: questions a single run cannot answer, from the findings history (--store)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Optional

import typer

from srmscan.cli.options import check_listing_format
from srmscan.errors import SrmscanError

history_app = typer.Typer(help="Ask the findings history (--store) what no single run can tell.", no_args_is_help=True)

StoreOption = Annotated[str, typer.Option("--store", metavar="URL", help="The findings history: sqlite:///PATH, postgresql://USER@HOST/DB, or default.")]
PER = ("run", "day")
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, or json (`srmscan schema history` is its JSON Schema).")]


def _open(store: str, format: str):
    """The store to ask, once the answer's --format is known to be one (a bad option reads nothing)."""
    from srmscan.history.store import Store

    check_listing_format(format)
    return Store(store).open(create=False)


def _print(rows: Any, format: str, headers: tuple[str, ...], cells) -> int:
    if format == "json":
        print(json.dumps(rows, indent=2, default=str))
        return 0
    from srmscan.terminal import clean, columns

    print(columns(headers, [tuple(clean(c) for c in cells(row)) for row in rows]) if rows else "(none)")
    return 0


@history_app.command("runs")
def runs(store: StoreOption = "default", limit: Annotated[int, typer.Option("--limit", metavar="N")] = 50,
         format: FormatOption = "table") -> int:
    """The recorded runs, newest first: when, which scopes (and which could not be read), counts, exit code."""
    return _print(_open(store, format).runs(limit), format, ("Run", "Recorded", "Scopes", "Failed", "Passed", "Errors", "Exit"),
                  lambda r: (r["run"], r["recorded_at"], ", ".join(r["scopes"]) + (
                      f" (not read: {', '.join(r['unread_scopes'])})" if r["unread_scopes"] else ""),
                             r["failed"], r["passed"], r["errors"], r["exit_code"]))


@history_app.command("open")
def open_findings(store: StoreOption = "default",
                  older_than: Annotated[Optional[str], typer.Option("--older-than", metavar="AGE", help="Only findings open longer than this: 30d, 12w (SLA breaches).")] = None,
                  format: FormatOption = "table") -> int:
    """Findings failing now, oldest first, with the day each was first seen."""
    days = _days(older_than, "--older-than") if older_than else 0
    return _print(_open(store, format).open_findings(days), format, ("First seen", "Days", "Severity", "Check", "Resource", "Reopened"),
                  lambda f: (f["first_seen"], f["open_days"], f["severity"], f["check"], f["name"], f["reopened"]))


@history_app.command("trend")
def trend(store: StoreOption = "default",
          by: Annotated[str, typer.Option("--by", metavar="duty|provider|severity|check|requirement")] = "duty",
          per: Annotated[str, typer.Option("--per", metavar="run|day", help="One row per run, or per day (its last run).")] = "run",
          framework: Annotated[Optional[str], typer.Option("--framework", metavar="ID", help="With --by requirement: the framework (`srmscan frameworks`), e.g. cis-aws-5.0.")] = None,
          format: FormatOption = "table") -> int:
    """Failing results per run (or per day), counted by customer duty, provider, severity, check, or a framework's
    requirement (--by requirement --framework ID)."""
    from srmscan.history.store import COUNTED

    if by not in (*COUNTED, "requirement"):
        raise SrmscanError(f"unknown --by {by!r}; choose one of: {', '.join(COUNTED)}, requirement")
    if per not in PER:
        raise SrmscanError(f"unknown --per {per!r}; choose run or day")
    if by == "requirement":
        rows = _by_requirement(_open(store, format).trend("check", per), framework)
    else:
        rows = _open(store, format).trend(by, per)
    return _print(rows, format, ("Run", "When", f"Failing by {by}"),
                  lambda r: (r["run"], r.get("recorded_at") or r["day"],
                             ", ".join(f"{k} {n}" for k, n in r["failing"].items())))


@history_app.command("prune")
def prune(keep: Annotated[str, typer.Option("--keep", metavar="AGE", help="Keep what is younger than this: 180d, 26w.")],
          store: StoreOption = "default", format: FormatOption = "table") -> int:
    """Retention: delete runs older than --keep with their results, and findings fixed before then (open ones stay)."""
    days = _days(keep, "--keep")
    removed = _open(store, format).prune(days)
    return _print([removed], format, ("Runs", "Results", "Fixed findings"),
                  lambda r: (r["runs"], r["results"], r["fixed_findings"]))


@history_app.command("mttr")
def mttr(store: StoreOption = "default", format: FormatOption = "table") -> int:
    """Mean time to remediate: days from first seen to fixed, per severity."""
    found = _open(store, format).mttr()
    rows = [{"severity": k, **v} for k, v in found.items()]
    return _print(rows, format, ("Severity", "Fixed", "Mean days"), lambda r: (r["severity"], r["fixed"], r["mean_days"]))


@history_app.command("diff")
def diff(first: Annotated[int, typer.Argument(metavar="RUN")], second: Annotated[int, typer.Argument(metavar="RUN")],
         store: StoreOption = "default", format: FormatOption = "table") -> int:
    """What failed in the second run and not the first (new), and the other way round (gone)."""
    found = _open(store, format).diff(first, second)
    rows = [{"change": change, **item} for change in ("new", "gone") for item in found[change]]
    return _print(rows, format, ("Change", "Check", "Resource"), lambda r: (r["change"], r["check"], r["resource"]))


def _by_requirement(rows: list[dict[str, Any]], framework: str | None) -> list[dict[str, Any]]:
    """Per-check counts turned into per-requirement ones: a requirement counts the failures of the checks covering it."""
    if framework is None:
        raise SrmscanError("--by requirement needs --framework ID (`srmscan frameworks` lists them)")
    from srmscan.frameworks import chosen
    from srmscan.pipeline import Selection, load_checks

    [chosen_framework] = chosen((framework,))
    _, mapping = load_checks(Selection())
    requirements_of: dict[str, list[str]] = {}
    for requirement, checks in chosen_framework.checks(mapping).items():
        for check in checks:
            requirements_of.setdefault(check, []).append(requirement)
    for row in rows:
        counted: dict[str, int] = {}
        for check, count in row["failing"].items():
            for requirement in requirements_of.get(check, []):
                counted[requirement] = counted.get(requirement, 0) + count
        row["failing"] = dict(sorted(counted.items()))
    return rows


def _days(text: str, option: str) -> int:
    import re

    match = re.fullmatch(r"(\d+)([dw])", text.strip())
    if not match:
        raise SrmscanError(f"{option} {text!r}: write a number of days or weeks, e.g. 30d or 12w")
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)
