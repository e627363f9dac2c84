"""CSV: one row per result (PASS, FAIL and ERROR; waived failures marked), with stable columns, for spreadsheets
and ticketing imports. Every cell that came from an account has control characters shown as escapes
(srmscan.terminal.clean), and a cell that a spreadsheet would read as a formula (it begins with =, +, -, @, a
tab or a carriage return) is prefixed with an apostrophe, so opening the file never runs anything."""

from __future__ import annotations

import csv
import io
from typing import Iterator

from srmscan.findings import Finding, Report
from srmscan.terminal import clean

DESCRIPTION = "CSV, one row per result with stable columns (spreadsheets, ticketing imports)"
COLUMNS = ("provider", "account", "region", "resource_type", "resource_id", "resource_name", "check_id", "check_title",
           "severity", "status", "waived", "baseline_state", "message", "duties", "service_model", "controls",
           "remediation", "fingerprint")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def stream(report: Report, color: bool = False, **_options) -> Iterator[str]:
    yield line(COLUMNS)
    for finding in report.findings:
        yield line(row(finding))


def row(finding: Finding) -> tuple[str, ...]:
    resource, duty = finding.resource, finding.responsibility
    return (resource["provider"], resource["account"], resource["region"], resource["type"], resource["id"],
            resource["name"], finding.check["id"], finding.check["title"], finding.severity, finding.status.value,
            "yes" if finding.waiver else "no",
            finding.baseline_state.value if finding.baseline_state else "",
            finding.message, ";".join([duty["id"], *duty["related"]]), duty["service_model"],
            ";".join(f"{c['framework']} {c['id']}" for c in finding.controls), finding.remediation, finding.fingerprint)


def safe(value: object) -> str:
    text = clean(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def line(cells) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe(cell) for cell in cells])
    return out.getvalue()
