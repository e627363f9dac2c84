"""The --compliance report as CSV: one row per framework requirement (status, counts, covering checks, the first
failing resources), for auditors' spreadsheets. Empty (the header only) without --compliance. Cells are made safe
as in the results CSV (srmscan.report.csv)."""

from __future__ import annotations

from typing import Iterator

from srmscan.findings import Report
from srmscan.report.csv import line

DESCRIPTION = "CSV of the --compliance report, one row per framework requirement (auditors' spreadsheets)"
COLUMNS = ("framework", "framework_name", "requirement", "title", "section", "assessment", "status", "pass", "fail",
           "error", "waived", "checks", "failing_resources", "why")


def stream(report: Report, color: bool = False, **_options) -> Iterator[str]:
    yield line(COLUMNS)
    for framework in report.compliance or []:
        for row in framework["requirements"]:
            counts = row["counts"]
            yield line((framework["id"], framework["name"], row["id"], row["title"], row["section"], row["assessment"],
                        row["status"], counts["PASS"], counts["FAIL"], counts["ERROR"], counts["waived"],
                        ";".join(row["checks"]), ";".join(f["resource"] for f in row["failing"]), row.get("why", "")))
