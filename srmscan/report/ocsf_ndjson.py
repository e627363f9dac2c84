"""OCSF 1.5 Compliance Findings as NDJSON: the records of the `ocsf` format, one JSON object per line and no
enclosing array, as Amazon Security Lake custom sources, Splunk, Elastic and most SIEM collectors ingest them."""

from __future__ import annotations

from typing import Iterator

from srmscan.findings import Report
from srmscan.report.ocsf import records

DESCRIPTION = "OCSF 1.5 Compliance Findings as NDJSON, one record per line (Security Lake, SIEM collectors)"


def stream(report: Report, color: bool = False, **_options) -> Iterator[str]:
    for line in records(report):
        yield line + "\n"
