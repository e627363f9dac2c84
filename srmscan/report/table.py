"""Human-readable report: failures grouped by the customer duty they violate, then errors, then totals.

Its display options (srmscan.report.table_options: --quiet, --show, --show-severity, --only-new, --hide-waived) choose
what the table shows; they never change the gate, the exit code or any file written (every result stays in the other formats)."""

from __future__ import annotations

import io
import shutil
from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from srmscan.check import Severity, Status
from srmscan.coverage import NO_CHECK, NOT_RUN
from srmscan.findings import BaselineState, Finding, Report
from srmscan.terminal import clean

DESCRIPTION = "text tables for people, failures grouped by responsibility"
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
# A table is for reading: past this many rows of one check, the rest is counted (every finding is in
# the JSON and SARIF outputs). Keeps a 10,000-bucket report readable and fast to render.
ROWS_PER_CHECK = 25
SCOPES_SHOWN = 25   # per-scope totals in the summary: scopes not fully read first, then most failures


def render(report: Report, color: bool = False, quiet: bool = False, show_passed: bool = False,
           min_severity: str | None = None, only_new: bool = False, hide_waived: bool = False, **_options) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=shutil.get_terminal_size((160, 24)).columns if color else 160,
                      highlight=False)
    _header(console, report)
    if not quiet:
        shown = [f for f in report.findings if f.status is Status.FAIL and _shown(f, min_severity, only_new, hide_waived)]
        _failures(console, shown, many_scopes=_many_scopes(report))
        if only_new and report.baseline is None:
            console.print(Text("(--only-new without --baseline: nothing is labelled new)", style="dim"))
        if show_passed:
            _passed(console, [f for f in report.findings if f.status is Status.PASS])
        _errors(console, report)
        _fixed(console, report)
        _coverage(console, report)
        _compliance(console, report)
    else:
        for framework in report.compliance or []:
            console.print(Text(clean(f"{framework['name']}: {_framework_totals(framework)}")))
    _totals(console, report)
    return buffer.getvalue()


def _shown(finding: Finding, min_severity: str | None, only_new: bool, hide_waived: bool) -> bool:
    if min_severity and Severity(finding.severity).rank < Severity(min_severity).rank:
        return False
    if only_new and finding.baseline_state is not BaselineState.NEW:
        return False
    return not (hide_waived and finding.waiver is not None)


def _many_scopes(report: Report) -> bool:
    """More than one account or region among the results: the table shows where each resource is."""
    return len({(f.resource["provider"], f.resource["account"]) for f in report.findings}) > 1 or \
        len({f.resource["region"] for f in report.findings}) > 1


def _passed(console: Console, passed: list[Finding]) -> None:
    if not passed:
        return
    console.print(Text("\nPassed:", style="bold green"))
    table = Table(show_header=True, header_style="bold", expand=False)
    for column in ("Check", "Resource", "Result"):
        table.add_column(column, overflow="fold")
    for f, more in _capped(sorted(passed, key=lambda f: (f.check["id"], f.resource["id"]))):
        table.add_row(Text(f.check["id"]), Text(f"... and {more} more", style="dim") if more else
                      Text(clean(f.resource["name"])), Text("" if more else clean(f.message)))
    console.print(table)


def _header(console: Console, report: Report) -> None:
    for scan in report.scans:
        who = clean(scan.get("scanned_by") or scan.get("source", ""))
        accounts = ", ".join(clean(a) for a in scan.get("accounts", []))
        console.print(Text(f"{scan['provider']} {accounts}  {scan['resources']} resources  "
                           f"scanned {clean(scan.get('scanned_at', '?'))} by {who}", style="bold"))


def _rank(finding: Finding) -> int:
    return -Severity(finding.severity).rank


def _failures(console: Console, failures: list[Finding], many_scopes: bool = False) -> None:
    if not failures:
        console.print(Text("\nNo failing checks.", style="green"))
        return
    # One group per duty and provider: each provider's findings under that provider's own layer name.
    by_duty: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in failures:
        by_duty[(finding.responsibility["id"], finding.resource["provider"])].append(finding)
    ordered = sorted(by_duty.values(), key=lambda group: (min(_rank(f) for f in group), group[0].responsibility["name"],
                                                          group[0].resource["provider"]))
    for group in ordered:
        duty = group[0].responsibility
        models = ", ".join(sorted({f.responsibility["service_model"] for f in group}))
        title = Text()
        title.append(f"\n{duty['name']}", style="bold")
        title.append(f"  (customer duty {duty['id']}; {duty['provider_model']}: \"{duty['provider_layer']}\", "
                     f"{models})")
        console.print(title)
        table = Table(show_header=True, header_style="bold", expand=False)
        for column in ("Severity", "Check", *(("Account", "Region") if many_scopes else ()), "Resource", "Finding"):
            table.add_column(column, overflow="fold")
        for f, more in _capped(sorted(group, key=lambda f: (_rank(f), f.check["id"], f.resource["id"]))):
            where = (Text(clean(f.resource["account"])), Text(clean(f.resource["region"]))) if many_scopes else ()
            if more:
                table.add_row(Text(""), Text(f.check["id"]), *((Text(""), Text("")) if many_scopes else ()),
                              Text(f"... and {more} more", style="dim"),
                              Text("see --format json or --json FILE for every finding", style="dim"))
            else:
                table.add_row(Text(f.severity, style=SEVERITY_STYLE[f.severity]), Text(f.check["id"]), *where,
                              Text(clean(f.resource["name"])), _finding_text(f))
        console.print(table)


def _capped(findings: list[Finding]):
    """(finding, 0) for the first ROWS_PER_CHECK findings of each check, then one (finding, how many more)."""
    counts: dict[str, int] = defaultdict(int)
    for finding in findings:
        counts[finding.check["id"]] += 1
    shown: dict[str, int] = defaultdict(int)
    for finding in findings:
        check_id = finding.check["id"]
        shown[check_id] += 1
        if shown[check_id] <= ROWS_PER_CHECK:
            yield finding, 0
        elif shown[check_id] == ROWS_PER_CHECK + 1:
            yield finding, counts[check_id] - ROWS_PER_CHECK


def _finding_text(finding: Finding) -> Text:
    text = Text(clean(finding.message))
    state = finding.baseline_state
    if state:
        text.append(f"  [{state.value}]", style="bold" if state is BaselineState.NEW else "dim")
    if finding.waiver:
        text.append(clean(f"  [waived {finding.waiver.describe()}]"), style="dim")
    return text


def _fixed(console: Console, report: Report) -> None:
    if report.baseline is None:
        return
    if not report.fixed:
        console.print(Text(f"\nNothing fixed since the baseline {clean(report.baseline)}."))
        return
    console.print(Text(f"\nFixed since the baseline {clean(report.baseline)}:", style="bold green"))
    for item in report.fixed:
        console.print(Text(clean(f"  {item['check']}  {item['resource']}  (now: {item['now']})")))


def _errors(console: Console, report: Report) -> None:
    errors = [f for f in report.findings if f.status is Status.ERROR]
    if not errors and not report.collection_errors:
        return
    console.print(Text("\nCould not be judged (the scan is incomplete):", style="bold magenta"))
    table = Table(show_header=True, header_style="bold")
    for column in ("Check / scope", "Resource", "Why"):
        table.add_column(column, overflow="fold")
    for e in report.collection_errors:
        table.add_row(Text(clean(e["scope"])), Text(clean(e["provider"])), Text(clean(f"{e['code']}: {e['message']}")))
    for f, more in _capped(errors):
        if more:
            table.add_row(Text(f.check["id"]), Text(f"... and {more} more", style="dim"),
                          Text("see --format json or --json FILE for every result", style="dim"))
        else:
            table.add_row(Text(f.check["id"]), Text(clean(f.resource["name"])), Text(clean(f.message)))
    console.print(table)


COVERAGE_STYLE = {"FAIL": "bold red", "ERROR": "magenta", "PASS": "green", NOT_RUN: "dim", NO_CHECK: "dim"}


def _coverage(console: Console, report: Report) -> None:
    """The duty x provider matrix, a cell a word and its counts (the JSON `coverage` has every figure)."""
    coverage = report.coverage
    if not coverage or not coverage["providers"]:
        return
    console.print(Text("\nResponsibility coverage (customer duties x providers; worst result first):", style="bold"))
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column("Customer duty", overflow="fold")
    for provider in coverage["providers"]:
        scopes = len(provider["scopes"])
        table.add_column(f"{provider['provider']} ({scopes} {'scope' if scopes == 1 else 'scopes'})", overflow="fold")
    for duty in coverage["duties"]:
        table.add_row(Text(duty["name"]), *(_cell_text(duty["cells"][p["provider"]]) for p in coverage["providers"]))
    console.print(table)
    for provider in coverage["providers"]:
        owned = "; ".join(dict.fromkeys(clean(layer["layer"]) for layer in provider["provider_owned"]))
        console.print(Text(f"{provider['model']} - the provider's, out of scope: {owned}", style="dim"))


REQUIREMENT_STYLE = {"fail": "bold red", "error": "magenta", "pass": "green", "manual": "dim", "not covered": "dim",
                     "not run": "dim"}
FAILING_NAMED = 3


def _framework_totals(framework: dict) -> str:
    return ", ".join(f"{count} {status}" for status, count in sorted(framework["totals"].items()))


def _compliance(console: Console, report: Report) -> None:
    """Every requirement of each --compliance framework: its status, counts, and the first failing resources."""
    for framework in report.compliance or []:
        console.print(Text(clean(f"\n{framework['name']} ({framework['id']}): {_framework_totals(framework)}"),
                           style="bold"))
        console.print(Text(clean(f"requirements from {framework['source']}, read {framework['read']}"), style="dim"))
        table = Table(show_header=True, header_style="bold", expand=False)
        for column in ("Requirement", "Status", "Pass/Fail/Error", "Failing", "Title"):
            table.add_column(column, overflow="fold")
        for row in framework["requirements"]:
            counts = row["counts"]
            failing = ", ".join(clean(f["name"]) for f in row["failing"][:FAILING_NAMED])
            if counts["FAIL"] > FAILING_NAMED:
                failing += f" ... {counts['FAIL'] - FAILING_NAMED} more"
            judged = f"{counts['PASS']}/{counts['FAIL']}/{counts['ERROR']}" if row["checks"] else ""
            table.add_row(Text(clean(row["id"])), Text(row["status"], style=REQUIREMENT_STYLE[row["status"]]),
                          Text(judged + (f" +{counts['waived']} waived" if counts["waived"] else "")),
                          Text(failing), Text(clean(row["title"] + (f" ({row['why']})" if row.get("why") else ""))))
        console.print(table)


def _cell_text(cell: dict) -> Text:
    status = cell["status"]
    text = Text(status, style=COVERAGE_STYLE[status])
    if status in ("FAIL", "ERROR", "PASS"):
        judged = cell["PASS"] + cell["FAIL"] + cell["ERROR"] + cell["waived"]
        bad = cell["FAIL"] if status == "FAIL" else cell["ERROR"] if status == "ERROR" else judged
        text.append(f" {bad}/{judged}")
        if cell["waived"]:
            text.append(f" +{cell['waived']} waived", style="dim")
    return text


def _totals(console: Console, report: Report) -> None:
    summary = report.summary()
    counts = summary["by_status"]
    by_severity = ", ".join(f"{summary['failing_by_severity'][s.value]} {s.value}" for s in Severity
                            if s.value in summary["failing_by_severity"])
    line = Text(f"\n{counts['PASS']} passed, {counts['FAIL']} failed, {counts['ERROR']} could not be judged")
    if by_severity:
        line.append(f"  (failed: {by_severity})")
    if summary["waived"]:
        line.append(f"; {summary['waived']} waived")
    if "baseline" in summary:
        line.append(f"; {summary['baseline']['new']} new since the baseline")
    console.print(line)
    scopes = summary.get("by_scope", [])
    for scope in scopes[:SCOPES_SHOWN]:
        text = Text(clean(f"  {scope['provider']} {scope['scope']}: {scope['FAIL']} failed, {scope['PASS']} passed, "
                          f"{scope['ERROR']} could not be judged"))
        if scope["waived"]:
            text.append(f", {scope['waived']} waived")
        if scope["collection_errors"]:
            text.append(f", {scope['collection_errors']} collection errors", style="magenta")
        console.print(text)
    if len(scopes) > SCOPES_SHOWN:
        console.print(Text(f"  ... and {len(scopes) - SCOPES_SHOWN} more scopes (the JSON's summary.by_scope has every one)",
                           style="dim"))
