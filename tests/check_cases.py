"""Load a case fixture of fixtures/checks/ for the evidence tests of one provider's checks."""

from __future__ import annotations

from pathlib import Path

from srmscan.findings import Report
from srmscan.model import Snapshot
from srmscan.pipeline import Selection, evaluate_snapshots

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"


def evaluate_cases(file_name: str) -> Report:
    return evaluate_snapshots([Snapshot.load(FIXTURES / file_name)], Selection())

