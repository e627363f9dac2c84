"""Compare with a previous JSON findings file: each failing finding is new or unchanged; what failed
before and does not fail now is fixed. With a baseline, only new findings count for gating."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from srmscan.check import Status
from srmscan.errors import InputError
from srmscan.findings import FINDINGS_FORMAT, BaselineState, Report
from srmscan.inputfiles import load_json


def load_baseline(path: Path) -> dict[str, dict[str, Any]]:
    """Fingerprint -> finding, for the findings that were failing in the baseline."""
    data = load_json(path, "baseline", top="{")
    if not isinstance(data, dict) or data.get("format") != FINDINGS_FORMAT or not isinstance(data.get("findings"), list):
        raise InputError(f"{path}: baseline must be an srmscan JSON findings file (from --format json or --json)")
    try:
        return {f["fingerprint"]: f for f in data["findings"] if f["status"] == Status.FAIL.value}
    except (KeyError, TypeError):
        raise InputError(f"{path}: baseline findings lack fingerprint or status; regenerate it") from None


def apply_baseline(report: Report, previous: dict[str, dict[str, Any]], source: str) -> None:
    """Label failing findings new/unchanged; list as fixed what failed before and now passes, or whose
    resource is gone while its check still ran. A result that is now ERROR is not called fixed."""
    report.baseline = source
    status_now = {f.fingerprint: f.status for f in report.findings}
    checks_run = {f.check["id"] for f in report.findings}
    for finding in report.findings:
        if finding.status is Status.FAIL:
            finding.baseline_state = (BaselineState.UNCHANGED if finding.fingerprint in previous
                                      else BaselineState.NEW)
    report.fixed = [
        {"fingerprint": fp, "check": f["check"]["id"], "resource": f["resource"]["id"],
         "provider": f["resource"].get("provider", ""), "account": f["resource"].get("account", ""),
         "message": f.get("message", ""),
         "now": status_now.get(fp, Status.PASS).value if fp in status_now else "resource gone"}
        for fp, f in sorted(previous.items())
        if status_now.get(fp) is Status.PASS or (fp not in status_now and f["check"]["id"] in checks_run)
    ]
