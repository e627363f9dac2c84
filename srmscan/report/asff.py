"""AWS Security Finding Format (ASFF 2018-10-08): the AWS results as a JSON array, ready for
`aws securityhub batch-import-findings --findings file://FILE` (at most 100 a call: split with `jq`). srmscan
itself never calls Security Hub: importing is a write, and srmscan stays read-only.

- ProductArn is the account's default custom product in the region given by --asff-region (Security Hub
  imports a finding only in the region its ProductArn names; default us-east-1); the resource keeps its own region.
- Id is stable (the finding's fingerprint), so importing a later scan updates the same findings.
- Compliance.Status PASSED / FAILED / NOT_AVAILABLE (ERROR), RelatedRequirements the mapped controls;
  Workflow.Status NEW for a failure, SUPPRESSED for a waived one, RESOLVED for a pass.
- Other clouds' results are left out: ASFF needs an AWS account.
- Strings are cut to the format's limits (Title 256, Description 1024, recommendation 512), with control
  characters shown as escapes.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from srmscan.check import Status
from srmscan.errors import SrmscanError
if TYPE_CHECKING:   # the findings module (and the engine it imports) is not needed to build the CLI's options
    from srmscan.findings import Finding, Report
from srmscan.terminal import clean

DESCRIPTION = "AWS Security Finding Format, AWS results only (aws securityhub batch-import-findings)"
SCHEMA_VERSION = "2018-10-08"
DEFAULT_REGION = "us-east-1"
COMPLIANCE = {Status.PASS: "PASSED", Status.FAIL: "FAILED", Status.ERROR: "NOT_AVAILABLE"}
CIS_TYPE = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
BEST_PRACTICE_TYPE = "Software and Configuration Checks/AWS Security Best Practices"
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")


def options(
    asff_region: Annotated[Optional[str], typer.Option("--asff-region", metavar="REGION", help="Region of the Security Hub the ASFF findings are imported into (their ProductArn names it); default us-east-1.")] = None,
) -> dict[str, Any]:
    region = asff_region or DEFAULT_REGION
    if not REGION.match(region):
        raise SrmscanError(f"--asff-region {region!r}: not an AWS region name (like eu-west-1)")
    return {"import_region": region}


def render(report: Report, color: bool = False, import_region: str = DEFAULT_REGION, **_options) -> str:
    updated = datetime.fromisoformat(report.generated_at).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    findings = [finding_of(f, import_region, updated) for f in report.findings if f.resource["provider"] == "aws"]
    return json.dumps(findings, indent=1) + "\n"


def _partition(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"


def finding_of(finding: Finding, import_region: str, updated: str) -> dict[str, Any]:
    resource, account = finding.resource, finding.resource["account"]
    partition = _partition(import_region)
    region = resource["region"] if REGION.match(resource["region"] or "") else import_region
    requirements = [f"{c['framework']}/{c['id']}" for c in finding.controls]
    waived, status = finding.waiver is not None, finding.status
    workflow = "RESOLVED" if status is Status.PASS else "SUPPRESSED" if waived else "NEW"
    label = finding.severity.upper() if status is Status.FAIL else "INFORMATIONAL"
    return {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": f"srmscan/{finding.fingerprint}",
        "ProductArn": f"arn:{partition}:securityhub:{import_region}:{account}:product/{account}/default",
        "ProductName": "srmscan", "CompanyName": "srmscan",
        "GeneratorId": f"srmscan/{finding.check['id']}",
        "AwsAccountId": account,
        "Types": [CIS_TYPE if any(c["framework"].startswith("CIS") for c in finding.controls) else BEST_PRACTICE_TYPE],
        "CreatedAt": updated, "UpdatedAt": updated,
        "Severity": {"Label": label, "Original": finding.severity},
        "Title": _cut(finding.check["title"], 256),
        "Description": _cut(finding.message or finding.rationale, 1024),
        "Remediation": {"Recommendation": {"Text": _cut(finding.remediation, 512)}},
        "ProductFields": {"srmscan/CheckId": finding.check["id"], "srmscan/Status": status.value,
                          "srmscan/Duty": finding.responsibility["id"],
                          "srmscan/ProviderModel": _cut(finding.responsibility["provider_model"], 2048)},
        "Resources": [{"Type": "Other", "Id": _cut(resource["id"], 512), "Partition": _partition(region),
                       "Region": region, "Details": {"Other": {"srmscan/type": resource["type"],
                                                               "srmscan/name": _cut(resource["name"], 1024)}}}],
        "Compliance": {"Status": COMPLIANCE[status], **({"RelatedRequirements": requirements[:32]} if requirements else {})},
        "RecordState": "ACTIVE",
        "Workflow": {"Status": workflow},
        **({"Note": {"Text": _cut(f"waived {finding.waiver.describe()}", 512), "UpdatedBy": "srmscan",
                     "UpdatedAt": updated}} if waived else {}),
    }


def _cut(text: str, limit: int) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"
