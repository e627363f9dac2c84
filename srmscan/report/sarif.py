"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

GitHub is stricter than the schema: every result needs a physical location with a relative URI, so
each resource gets a stable pseudo-path (cloud/<provider>/<account>/<region>/<service>/<name>) and
its real id (ARN, ARM id, gs:// URL) goes in logicalLocations and properties. Only failing findings
become results (waived ones carry `suppressions`); results that could not be judged become tool
execution notifications, so an incomplete scan is visible without raising alerts.

One run per scope (provider x account / subscription / project / tenant), each with the category
`<prefix>/<provider>/<scope>/` (prefix `srmscan`, or --sarif-category): the category of a scope never
depends on which other scopes were scanned with it, so adding an account to a scan neither renames nor
orphans the alerts of the others. A scope with nothing failing still gets its (empty) run, which is how
code scanning learns that its earlier alerts are fixed. GitHub's limits are checked: past them
rendering fails with a clear message rather than writing a truncated file. An organisation has more
scopes than one upload takes (20 runs, 10 MB gzipped): --sarif-dir DIR packs the runs into as many
files as needed, each uploaded on its own, each run keeping its own category.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional
from urllib.parse import quote

import typer

from srmscan import __version__
from srmscan.check import Status
from srmscan.errors import SrmscanError
from srmscan.outputfiles import folder_refuses_files
from srmscan.terminal import clean_tree

if TYPE_CHECKING:
    from srmscan.findings import CheckParts, Finding, Report

DESCRIPTION = "SARIF 2.1.0 for GitHub code scanning"
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
MAX_RESULTS_PER_RUN = 25_000
MAX_RUNS_PER_FILE = 20
MAX_GZIPPED_BYTES = 10 * 1024 * 1024
MAX_TAGS = 20
DEFAULT_CATEGORY = "srmscan"
CATEGORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def options(
    sarif_category: Annotated[Optional[str], typer.Option("--sarif-category", metavar="PREFIX", help="Prefix of each SARIF run's category (default: srmscan); each run's category is PREFIX/<provider>/<account>/, stable whatever else is scanned.")] = None,
    sarif_dir: Annotated[Optional[Path], typer.Option("--sarif-dir", metavar="DIR", help="Also write the SARIF as files within GitHub's upload limits (20 runs, 10 MB gzipped each), DIR/srmscan-001.sarif ..., one upload each (for organisations).")] = None,
) -> dict[str, Any]:
    """SARIF's own options, validated before any collection; the result is passed to render()."""
    if sarif_dir is not None and not sarif_dir.is_dir():
        raise SrmscanError(f"--sarif-dir {sarif_dir}: not a folder; create it first")
    if sarif_dir is not None and (problem := folder_refuses_files(sarif_dir)):
        raise SrmscanError(f"--sarif-dir {sarif_dir}: cannot write there ({problem}); pick a writable folder")
    return {"category_prefix": _category_prefix(sarif_category), "split_dir": sarif_dir}


def render(report: Report, color: bool = False, category_prefix: str = DEFAULT_CATEGORY, **_options) -> str:
    runs = _runs(report, category_prefix)
    if len(runs) > MAX_RUNS_PER_FILE:
        raise SrmscanError(f"{len(runs)} scopes make {len(runs)} SARIF runs, over GitHub's {MAX_RUNS_PER_FILE} runs per "
                           "upload; write them as several files with --sarif-dir DIR and upload each")
    text = _document(runs)
    size = len(gzip.compress(text.encode()))
    if size > MAX_GZIPPED_BYTES:
        raise SrmscanError(f"SARIF output is {size / 1048576:.1f} MB gzipped, over GitHub's 10 MB upload limit; "
                           "write it as several files with --sarif-dir DIR, or split the scan (--region, --checks)")
    return text


def extra_files(report: Report, category_prefix: str = DEFAULT_CATEGORY, split_dir: Path | None = None,
                **_options) -> list[tuple[Path, str]]:
    """With --sarif-dir: the runs packed into as few files as GitHub's limits allow, in scope order."""
    if split_dir is None:
        return []
    files: list[list[dict]] = [[]]
    size = 0
    for run in _runs(report, category_prefix):
        run_size = len(gzip.compress(json.dumps(run, default=str).encode()))
        if run_size > MAX_GZIPPED_BYTES:
            raise SrmscanError(f"the SARIF run of {run['automationDetails']['id']} alone is over GitHub's 10 MB upload "
                               "limit; split the scan (--region, --checks)")
        if files[-1] and (len(files[-1]) == MAX_RUNS_PER_FILE or size + run_size > MAX_GZIPPED_BYTES * 0.9):
            files.append([])
            size = 0
        files[-1].append(run)
        size += run_size
    return [(split_dir / f"srmscan-{number:03d}.sarif", _document(runs)) for number, runs in enumerate(files, 1)]


def _runs(report: Report, prefix: str) -> list[dict[str, Any]]:
    return [_run(report, provider, account, findings, prefix) for (provider, account), findings in _by_scope(report).items()]


def _document(runs: list[dict[str, Any]]) -> str:
    """The SARIF text. Every string in it is escaped (srmscan.terminal.clean): names, ids, messages, evidence;
    alerts are matched by partialFingerprints, which never carry account text."""
    return json.dumps(clean_tree({"$schema": SCHEMA, "version": "2.1.0", "runs": runs}), indent=2, default=str) + "\n"


def _category_prefix(value: str | None) -> str:
    if value is None:
        return DEFAULT_CATEGORY
    prefix = value.strip().strip("/")
    if not CATEGORY.match(prefix):
        raise SrmscanError(f"--sarif-category {value!r}: use letters, digits and . _ - / only (e.g. nightly/prod)")
    return prefix


def _by_scope(report: Report) -> "OrderedDict[tuple[str, str], list[Finding]]":
    """(provider, account) -> its findings; every scanned account gets a run, even with no findings."""
    groups: OrderedDict[tuple[str, str], list[Finding]] = OrderedDict()
    for scan in report.scans:
        for account in scan.get("accounts") or []:
            groups.setdefault((scan["provider"], str(account)), [])
    for finding in report.findings:
        groups.setdefault((finding.resource["provider"], finding.resource["account"] or "unknown"), []).append(finding)
    for error in report.collection_errors:
        if error.get("account"):
            groups.setdefault((error["provider"], error["account"]), [])
    if not groups:
        for scan in report.scans:
            groups.setdefault((scan["provider"], "unknown"), [])
    return OrderedDict(sorted(groups.items()))


def _run(report: Report, provider: str, account: str, findings: list[Finding], prefix: str) -> dict[str, Any]:
    rules: OrderedDict[str, dict] = OrderedDict()
    for parts in sorted({f.check["id"]: f.parts for f in findings}.values(), key=lambda p: p.check["id"]):
        rules[parts.check["id"]] = _rule(parts)
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    failing = [f for f in findings if f.status is Status.FAIL]
    if len(failing) > MAX_RESULTS_PER_RUN:
        raise SrmscanError(f"{len(failing)} failing {provider} findings exceed GitHub's {MAX_RESULTS_PER_RUN} results "
                           "per SARIF run; split the scan (--region, --checks) or raise --fail-on")
    scans = [s for s in report.scans if s["provider"] == provider]
    errors = [f for f in findings if f.status is Status.ERROR]
    collection_errors = [e for e in report.collection_errors
                         if e["provider"] == provider and e.get("account", account) == account]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "srmscan", "version": __version__, "semanticVersion": __version__,
            "informationUri": "https://github.com/srmscan/srmscan",
            "rules": list(rules.values()),
        }},
        "automationDetails": {"id": f"{prefix}/{provider}/{account}/"},
        "invocations": [{
            "executionSuccessful": not errors and not collection_errors,
            "toolExecutionNotifications": [_notification(f, index) for f in errors]
                                          + [_collection_notification(e) for e in collection_errors],
        }],
        "results": [_result(f, index[f.check["id"]]) for f in failing],
        "columnKind": "unicodeCodePoints",
        "properties": {"scans": scans, "provider": provider, "account": account},
    }
    fixed = [f for f in report.fixed if f.get("provider") == provider and f.get("account", account) == account]
    if fixed:
        run["properties"]["fixedSinceBaseline"] = fixed
    return run


def _rule(check: CheckParts) -> dict[str, Any]:
    """A rule from the check's own metadata (shared by its findings, built once per check from the registry)."""
    duty = check.responsibility
    controls = [f"{c['framework']} {c['id']}" for c in check.controls]
    tags = ["security", f"duty:{duty['id']}", f"model:{duty['service_model']}"]
    tags += [f"{_short(c['framework'])}:{c['id']}" for c in check.controls]
    help_text = (f"{check.rationale}\n\nCustomer duty: {duty['name']} ({duty['id']}), {duty['service_model']}. "
                 f"{duty['provider_model']}, layer \"{duty['provider_layer']}\".\n"
                 f"Controls: {', '.join(controls) or 'none mapped'}.\nRemediation: {check.remediation}")
    help_markdown = "\n".join([
        f"**Why it matters.** {check.rationale}", "",
        f"**Customer duty:** {duty['name']} (`{duty['id']}`), service model {duty['service_model']}, "
        f"in the [{duty['provider_model']}]({duty.get('provider_model_url', '')}) layer *{duty['provider_layer']}*.", "",
        "**Controls:** " + (", ".join(controls) or "none mapped"), "",
        f"**Remediation.** {check.remediation}",
    ])
    severity = check.check["severity"]
    return {
        "id": check.check["id"],
        "name": "".join(part.capitalize() for part in check.check["id"].replace(".", "_").split("_")),
        "shortDescription": {"text": check.check["title"]},
        "fullDescription": {"text": check.rationale},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "precision": "high",
            "tags": tags[:MAX_TAGS],
            "responsibility": duty["id"],
        },
    }


def _short(framework: str) -> str:
    lowered = framework.lower()
    for key, short in (("cis", "cis"), ("800-53", "nist-800-53"), ("cloud controls matrix", "csa-ccm")):
        if key in lowered:
            return short
    return lowered.split()[0]


def artifact_uri(resource: dict[str, Any]) -> str:
    """A stable, relative pseudo-path for a cloud resource (GitHub needs a file location per result)."""
    service = resource["type"].split(".")[1:-1] or resource["type"].split(".")[1:]
    parts = ["cloud", resource["provider"], resource["account"] or "unknown", resource["region"] or "global",
             *service, resource["name"]]
    return "/".join(quote(str(part), safe="") for part in parts)


def _locations(resource: dict[str, Any]) -> list[dict[str, Any]]:
    return [{
        "physicalLocation": {"artifactLocation": {"uri": artifact_uri(resource)}, "region": {"startLine": 1}},
        "logicalLocations": [{"name": resource["name"], "fullyQualifiedName": resource["id"],
                              "kind": "resource"}],
    }]


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    resource = finding.resource
    result: dict[str, Any] = {
        "ruleId": finding.check["id"],
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": f"{resource['name']}: {finding.message}"},
        "locations": _locations(resource),
        "partialFingerprints": {"primaryLocationLineHash": f"{finding.fingerprint}:1"},
        "properties": {
            "resourceId": resource["id"], "resourceType": resource["type"], "account": resource["account"],
            "region": resource["region"], "responsibility": finding.responsibility["id"],
            "serviceModel": finding.responsibility["service_model"], "evidence": finding.evidence,
            "fingerprint": finding.fingerprint,
        },
    }
    if finding.baseline_state:
        result["baselineState"] = finding.baseline_state.value
    waiver = finding.waiver
    if waiver:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f"{waiver.reason} (owner {waiver.owner}, "
                                                    f"expires {waiver.expires.isoformat()})"}]
    return result


def _notification(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": f"{finding.resource['name']}: {finding.message}"},
        "descriptor": {"id": finding.check["id"], "index": index[finding.check["id"]]},
        "locations": _locations(finding.resource),
        "properties": {"resourceId": finding.resource["id"], "evidence": finding.evidence},
    }


def _collection_notification(error: dict[str, str]) -> dict[str, Any]:
    return {"level": "error", "message": {"text": f"{error['scope']}: {error['code']}: {error['message']}"}}
