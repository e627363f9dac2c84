"""srmscan's own findings format (schema: srmscan/schema/findings.schema.json, `srmscan schema`)."""

from __future__ import annotations

import json
from typing import Iterator

from srmscan.findings import Report

DESCRIPTION = "srmscan findings JSON (versioned; `srmscan schema` prints its JSON Schema)"


def stream(report: Report, color: bool = False, **_options) -> Iterator[str]:
    """The document in pieces, one finding at a time, so a 100,000-finding report is never one string.
    Compact separators keep json's C encoder (an indented dump is pure Python, ~10x slower)."""
    head = json.dumps(report.head_json(), separators=(",", ":"), default=str)
    yield head[:-1] + ',"findings":['
    for index, finding in enumerate(report.findings):
        yield ("," if index else "") + json.dumps(finding.to_json(), separators=(",", ":"), default=str)
    yield "]}\n"
