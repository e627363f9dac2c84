"""srmscan's own findings format (schema: srmscan/schema/findings.schema.json, `srmscan schema`)."""

from __future__ import annotations

import json

from srmscan.findings import Report

DESCRIPTION = "srmscan findings JSON (versioned; `srmscan schema` prints its JSON Schema)"


def render(report: Report, color: bool = False, **_options) -> str:
    # Compact separators keep json's C encoder (an indented dump is pure Python, ~10x slower on big scans).
    return json.dumps(report.to_json(), separators=(",", ":"), default=str) + "\n"
