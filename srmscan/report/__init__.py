"""Output formats, one module each, chosen by name.

A format module exposes `DESCRIPTION` and `render(report, color) -> str`. Adding a format is adding a
module and a line here; nothing else in srmscan names formats.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from srmscan.findings import Report

FORMATS = {
    "table": "srmscan.report.table",
    "json": "srmscan.report.json",
    "sarif": "srmscan.report.sarif",
}


def render(name: str, report: "Report", color: bool = False) -> str:
    return importlib.import_module(FORMATS[name]).render(report, color)
