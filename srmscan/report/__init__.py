"""Output formats, one module each, chosen by name.

A format module exposes `DESCRIPTION` and either `stream(report, color, **options)` yielding its text in pieces
(written as they come, for large reports) or `render(report, color, **options) -> str` giving it whole. Adding a format is
adding a module and a line here; nothing else in srmscan names formats. A format with options of its
own lists itself in FORMATS_WITH_OPTIONS and exposes `options(...)`: its keyword parameters
(typer-annotated) become options of every command that reports; it validates them before anything is
collected and returns the keyword arguments its stream() or render() receives. Beside `options`, the same module may
expose `extra_files(report, **options) -> [(path, text)]` for files the format writes when its options ask.
Such a module must stay cheap to import (the CLI reads its options at start-up).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:
    from srmscan.findings import Report

FORMATS = {
    "table": "srmscan.report.table",
    "json": "srmscan.report.json",
    "sarif": "srmscan.report.sarif",
    "html": "srmscan.report.html",
    "ocsf": "srmscan.report.ocsf",
    "ocsf-ndjson": "srmscan.report.ocsf_ndjson",
    "csv": "srmscan.report.csv",
    "junit": "srmscan.report.junit",
    "asff": "srmscan.report.asff",
    "compliance-csv": "srmscan.report.compliance_csv",
}


# format name -> the module declaring its options (`options`, whose parameters they are): the format's own module,
# or a lighter one beside it when the format's renderer is slow to import
OPTIONS_MODULES = {"table": "srmscan.report.table_options", "sarif": FORMATS["sarif"], "asff": FORMATS["asff"]}
FORMATS_WITH_OPTIONS = tuple(OPTIONS_MODULES)


def option_functions() -> dict[str, Callable[..., Any]]:
    """format name -> the function whose parameters are that format's options."""
    return {name: importlib.import_module(module).options for name, module in OPTIONS_MODULES.items()}


def pieces(name: str, report: "Report", color: bool = False,
           options: dict[str, dict[str, Any]] | None = None) -> Iterator[str]:
    """The rendered text in pieces: the format's own stream() when it has one, else render() whole."""
    module = importlib.import_module(FORMATS[name])
    writer = getattr(module, "stream", None) or module.render
    produced = writer(report, color, **(options or {}).get(name, {}))
    return iter((produced,)) if isinstance(produced, str) else produced


def report_files(name: str, report: "Report", options: dict[str, Any]) -> list[tuple[Any, str]]:
    """(path, text) of the files a format writes on its own when its options ask (e.g. --sarif-dir), from the module
    declaring its options (the table's renderer, and rich, are not imported for a JSON report)."""
    writer = getattr(importlib.import_module(OPTIONS_MODULES[name]), "extra_files", None)
    return writer(report, **options) if writer is not None else []
