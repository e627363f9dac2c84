"""Exit codes: 0 clean, 1 failing findings at or above the threshold, 3 incomplete scan (2 is usage,
4 an internal error)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from srmscan.check import Severity, Status

if TYPE_CHECKING:
    from srmscan.findings import Report

UNCHANGED = "unchanged"   # findings.BaselineState.UNCHANGED (a str enum), named here so that the CLI's start
# (which needs the exit codes and --fail-on choices) does not import the findings model

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_INTERNAL_ERROR = 0, 1, 2, 3, 4
FAIL_ON_CHOICES = ("any", "critical", "high", "medium", "low", "none")


def counts_for_gate(finding, threshold: str) -> bool:
    if finding.status is not Status.FAIL or finding.waiver or finding.baseline_state == UNCHANGED:
        return False
    if threshold == "none":
        return False
    if threshold == "any":
        return True
    return Severity(finding.severity).rank >= Severity(threshold).rank


def exit_code(report: "Report", fail_on: str = "any") -> int:
    if any(counts_for_gate(f, fail_on) for f in report.findings):
        return EXIT_FINDINGS
    if not report.summary()["complete"]:
        return EXIT_INCOMPLETE
    return EXIT_OK
