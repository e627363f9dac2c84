"""Checkov-style check tests: a snapshot fixture of named resources, and per check the exact set of
resources that must PASS, FAIL or ERROR."""

from __future__ import annotations

from pathlib import Path

from srmscan.findings import Report
from srmscan.model import Snapshot
from srmscan.pipeline import Selection, evaluate_snapshots

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"


def expect(universe: set[str], fail=(), error=()) -> dict[str, str]:
    """Everything in `universe` not listed as FAIL or ERROR must PASS."""
    statuses = {name: "PASS" for name in universe}
    statuses.update({name: "FAIL" for name in fail})
    statuses.update({name: "ERROR" for name in error})
    return statuses


def evaluate_cases(file_name: str) -> Report:
    return evaluate_snapshots([Snapshot.load(FIXTURES / file_name)], Selection())


def verdicts_of(report: Report, check_id: str) -> dict[str, str]:
    return {f.resource["name"]: f.status.value for f in report.findings if f.check["id"] == check_id}


def checks_in(report: Report) -> set[str]:
    return {f.check["id"] for f in report.findings}
