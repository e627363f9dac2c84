"""The table's display options (--quiet, --show, --show-severity, --only-new, --hide-waived), declared apart from
srmscan.report.table so that building the command line does not import the terminal renderer."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from srmscan.check import Severity
from srmscan.errors import SrmscanError

SHOW = ("failed", "all")


def options(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Table: only the totals and the gate's verdict (files and exit code unchanged).")] = False,
    show: Annotated[Optional[str], typer.Option("--show", metavar="failed|all", help="Table: list failures only (failed, the default) or passing results too (all).")] = None,
    show_severity: Annotated[Optional[str], typer.Option("--show-severity", metavar="SEVERITY", help="Table: list only failures at or above this severity: low, medium, high, critical.")] = None,
    only_new: Annotated[bool, typer.Option("--only-new", help="Table: list only failures new since --baseline.")] = False,
    hide_waived: Annotated[bool, typer.Option("--hide-waived", help="Table: leave waived failures out of the list.")] = False,
) -> dict[str, Any]:
    """The table's display filters, validated before anything is collected."""
    if show not in (None, *SHOW):
        raise SrmscanError(f"unknown --show {show!r}; choose one of: {', '.join(SHOW)}")
    severities = [s.value for s in Severity]
    if show_severity is not None and show_severity not in severities:
        raise SrmscanError(f"unknown --show-severity {show_severity!r}; choose one of: {', '.join(severities)}")
    return {"quiet": quiet, "show_passed": show == "all", "min_severity": show_severity, "only_new": only_new,
            "hide_waived": hide_waived}
