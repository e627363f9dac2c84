"""srmscan's own findings format (schema: srmscan/schema/findings.schema.json, `srmscan schema`)."""

from __future__ import annotations

import json

from srmscan.findings import Report

DESCRIPTION = "srmscan findings JSON (versioned; `srmscan schema` prints its JSON Schema)"


def render(report: Report, color: bool = False) -> str:
    return json.dumps(report.to_json(), indent=2, default=str) + "\n"
