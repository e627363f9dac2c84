"""OCSF 1.5 Compliance Findings (class_uid 2003), one per result, PASS and ERROR included, as SIEMs and
Amazon Security Lake expect: a JSON array, written one record at a time.

- the check is the finding's rule: finding_info (uid: the stable fingerprint, title, desc) and
  compliance.checks; metadata.event_code is the check id;
- compliance: the customer duty (requirements `srm:<duty>`, standards: the provider's Shared
  Responsibility Model), then the mapped controls (`<framework> <id>`), and the result:
  status_id 1 Pass, 3 Fail, 0 Unknown for ERROR (the reason in the message);
- status_id: 1 New for a failure, 3 Suppressed for a waived one, 4 Resolved for a pass, 0 Unknown for
  an error; severity_id from the check's severity (2 Low .. 5 Critical);
- each scope or listing that could not be read (an account not entered, a denied listing) is one more
  record, `metadata.event_code` srmscan.collection_error, status and compliance status Unknown;
- every string of a record (names, ids, messages, evidence) has control characters (ESC, CR, BEL) and
  invisible format characters (bidi overrides) shown as escapes (srmscan.terminal.clean), as in SARIF;
  records are matched by finding_info.uid, a fingerprint that carries no account text;
- the cloud profile names provider, account and region; `unmapped.srmscan` keeps what OCSF has no
  attribute for (the duty's layer and service model, the evidence, baseline state).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import datetime
from typing import Any, Iterator

from srmscan import __version__
from srmscan.check import Status
from srmscan.findings import Finding, Report
from srmscan.terminal import clean_tree

DESCRIPTION = "OCSF 1.5 Compliance Findings (class 2003), one per result (SIEMs, Amazon Security Lake)"
OCSF_VERSION = "1.5.0"
CLASS_UID, CATEGORY_UID, ACTIVITY_CREATE = 2003, 2, 1
SEVERITY_ID = {"low": 2, "medium": 3, "high": 4, "critical": 5}
COMPLIANCE_STATUS = {Status.PASS: (1, "Pass"), Status.FAIL: (3, "Fail"), Status.ERROR: (0, "Unknown")}
NOT_READ = "srmscan.collection_error"   # event_code of the records of scopes that could not be read
CLOUD = {"aws": ("AWS", 10, "AWS Account"), "azure": ("Azure", 99, "Azure subscription or tenant"),
         "gcp": ("GCP", 99, "Google Cloud project")}


def stream(report: Report, color: bool = False, **_options) -> Iterator[str]:
    yield "["
    for index, line in enumerate(records(report)):
        yield ("," if index else "") + "\n" + line
    yield "\n]\n"


def records(report: Report) -> Iterator[str]:
    """Every record as one line of compact JSON: the findings', then the unread scopes'."""
    time = int(datetime.fromisoformat(report.generated_at).timestamp() * 1000)
    for one in itertools.chain((record(finding, time, _seen(report, finding, time)) for finding in report.findings),
                               (not_read(error, time) for error in report.collection_errors)):
        yield json.dumps(clean_tree(one), separators=(",", ":"), default=str)


def _envelope(time: int, uid: str, event_code: str, severity: tuple[int, str], status: tuple[int, str]) -> dict[str, Any]:
    """What every record of this class carries: class, activity, time, severity, status, metadata."""
    return {
        "category_uid": CATEGORY_UID, "category_name": "Findings",
        "class_uid": CLASS_UID, "class_name": "Compliance Finding",
        "activity_id": ACTIVITY_CREATE, "activity_name": "Create",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE, "type_name": "Compliance Finding: Create",
        "time": time, "severity_id": severity[0], "severity": severity[1], "status_id": status[0], "status": status[1],
        "metadata": {"version": OCSF_VERSION, "uid": uid, "event_code": event_code, "profiles": ["cloud"],
                     "product": {"name": "srmscan", "vendor_name": "srmscan", "version": __version__}},
    }


def _cloud(provider: str, account: str, region: str = "") -> dict[str, Any]:
    """The cloud profile: provider, and the account / subscription / project when there is one."""
    name, type_id, kind = CLOUD.get(provider, (provider, 99, "account"))
    return {"provider": name,
            **({"account": {"uid": account, "name": account, "type": kind, "type_id": type_id}} if account else {}),
            **({"region": region} if region else {})}


def not_read(error: dict[str, str], time: int) -> dict[str, Any]:
    """A scope or listing the scan could not read (an account not entered, a denied listing): one record
    with compliance status Unknown, so a SIEM sees the gap, not silence."""
    provider, account = error["provider"], error.get("account", "")
    uid = hashlib.sha256(f"{provider}\n{account}\n{error['scope']}".encode()).hexdigest()[:32]
    return {
        **_envelope(time, uid, NOT_READ, (0, "Unknown"), (0, "Unknown")),
        "message": f"{error['scope']}: {error['code']}: {error['message']}",
        "finding_info": {"uid": uid, "title": "Could not be read: the scan is incomplete here",
                         "desc": error["scope"]},
        "compliance": {"control": "Collection", "status_id": 0},
        "resources": [{"uid": account or provider, "type": f"{provider}.scope"}],
        "cloud": _cloud(provider, account),
        "unmapped": {"srmscan": {"status": "NOT_READ", "collection_error": {key: value
                                                                            for key, value in error.items()}}},
    }


def _seen(report: Report, finding: Finding, time: int) -> tuple[int, int] | None:
    """(first, last) seen in ms, from the findings history (--store): a failure it has not seen before is new now."""
    if report.seen is None or finding.status is not Status.FAIL:
        return None
    first, _ = report.seen.get(finding.fingerprint, (None, None))
    return (int(datetime.fromisoformat(first).timestamp() * 1000) if first else time, time)


def record(finding: Finding, time: int, seen: tuple[int, int] | None = None) -> dict[str, Any]:
    duty, resource = finding.responsibility, finding.resource
    compliance_id, compliance_name = COMPLIANCE_STATUS[finding.status]
    account_type = CLOUD.get(resource["provider"], (resource["provider"], 99, "account"))[2]
    severity = (SEVERITY_ID[finding.severity], finding.severity.capitalize())
    return {
        **_envelope(time, finding.fingerprint, finding.check["id"], severity, _finding_status(finding)),
        **({"status_detail": _waiver_text(finding)} if finding.waiver else {}),
        "message": finding.message,
        "finding_info": {
            "uid": finding.fingerprint,
            "title": finding.check["title"],
            "desc": finding.rationale,
            "types": [f"Shared Responsibility Model/{duty['id']}"],
            **({"first_seen_time": seen[0], "last_seen_time": seen[1]} if seen else {}),
        },
        "compliance": {
            "control": finding.check["title"],
            "requirements": [f"srm:{duty['id']}"] + [f"{c['framework']} {c['id']}" for c in finding.controls],
            "standards": [duty["provider_model"]] + sorted({c["framework"] for c in finding.controls}),
            "status_id": compliance_id,
            "checks": [{"uid": finding.check["id"], "name": finding.check["title"], "severity": finding.severity.capitalize(),
                        "severity_id": SEVERITY_ID[finding.severity], "status": compliance_name,
                        "status_id": compliance_id}],
        },
        "resources": [{
            "uid": resource["id"], "name": resource["name"], "type": resource["type"],
            **({"region": resource["region"]} if resource["region"] else {}),
            "group": {"uid": resource["account"], "type": account_type},
        }],
        "remediation": {"desc": finding.remediation, "references": [duty["provider_model_url"]]},
        "cloud": _cloud(resource["provider"], resource["account"], resource["region"]),
        "unmapped": {"srmscan": {
            "status": finding.status.value,
            "responsibility": duty,
            "evidence": finding.evidence,
            **({"baseline_state": finding.baseline_state.value} if finding.baseline_state else {}),
        }},
    }


def _finding_status(finding: Finding) -> tuple[int, str]:
    if finding.status is Status.FAIL:
        return (3, "Suppressed") if finding.waiver else (1, "New")
    return (4, "Resolved") if finding.status is Status.PASS else (0, "Unknown")


def _waiver_text(finding: Finding) -> str:
    return f"waived {finding.waiver.describe()}"
