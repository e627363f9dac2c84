"""Load a case fixture of fixtures/checks/ for the evidence tests of one provider's checks."""

from __future__ import annotations

from pathlib import Path

from srmscan.findings import Report
from srmscan.model import Snapshot
from srmscan.pipeline import Selection, evaluate_snapshots

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"


def evaluate_cases(file_name: str) -> Report:
    return evaluate_snapshots([Snapshot.load(FIXTURES / file_name)], Selection())



def verdicts(snapshot: Snapshot) -> dict[tuple[str, str], str]:
    """(check id, resource name) -> status of every result of evaluating `snapshot` with every check."""
    return {(f.check["id"], f.resource["name"]): f.status.value
            for f in evaluate_snapshots([snapshot], Selection()).findings}
