"""IAM (global): the credential report and account settings on the account; users and attached policies."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

from srmscan.providers.aws.reads import GLOBAL, Kind, Listing, Read, item

# Credential report values that are not true/false/dates (kept as they are): "no_information" (never
# used since IAM started tracking), "not_supported" (e.g. the root user's password fields).
REPORT_NONE = "N/A"
REPORT_POLL_SECONDS = (0.2, 0.5, 1, 1, 2, 2, 3, 3, 5, 5, 5, 5)


def _credential_report(client, _params: dict) -> dict:
    """GenerateCredentialReport until it is COMPLETE (AWS keeps a report for 4 hours), then read it."""
    for pause in REPORT_POLL_SECONDS:
        if client.generate_credential_report().get("State") == "COMPLETE":
            break
        time.sleep(pause)
    return client.get_credential_report()


def _report_value(text: str) -> Any:
    return {"true": True, "false": False, REPORT_NONE: None}.get(text, text)


def parse_credential_report(response: dict) -> dict[str, Any]:
    content = response["Content"]
    text = content.decode("utf-8") if isinstance(content, bytes) else str(content)
    rows = [{key: _report_value(value) for key, value in row.items()} for row in csv.DictReader(io.StringIO(text))]
    generated = response.get("GeneratedTime")
    return {"generated_time": generated.isoformat() if hasattr(generated, "isoformat") else generated, "users": rows}


def _managed_policy(name: str):
    return lambda account: {"PolicyArn": f"arn:{account.id.split(':')[1]}:iam::aws:policy/{name}"}


def _attachments(response: dict) -> dict[str, list[str]]:
    return {kind: sorted(entry[f"{kind[6:-1]}Name"] for entry in response.get(kind, []))
            for kind in ("PolicyGroups", "PolicyUsers", "PolicyRoles")}


ACCOUNT_READS = (
    Read("credential_report", "get_credential_report", ("iam:GenerateCredentialReport", "iam:GetCredentialReport"),
         parse_credential_report, service="iam", call=_credential_report),
    Read("account_summary", "get_account_summary", "iam:GetAccountSummary", lambda r: r["SummaryMap"], service="iam"),
    Read("password_policy", "get_account_password_policy", "iam:GetAccountPasswordPolicy",
         lambda r: r["PasswordPolicy"], frozenset({"NoSuchEntity"}), service="iam"),
    Read("virtual_mfa_devices", "list_virtual_mfa_devices", "iam:ListVirtualMFADevices",
         lambda r: [{"SerialNumber": d["SerialNumber"], "User": (d.get("User") or {}).get("Arn")}
                    for d in r.get("VirtualMFADevices", [])], service="iam", pages=True),
    Read("support_access_attachments", "list_entities_for_policy", "iam:ListEntitiesForPolicy", _attachments,
         frozenset({"NoSuchEntity"}), service="iam", params=_managed_policy("AWSSupportAccess"), pages=True),
    Read("cloudshell_full_access_attachments", "list_entities_for_policy", "iam:ListEntitiesForPolicy", _attachments,
         frozenset({"NoSuchEntity"}), service="iam", params=_managed_policy("AWSCloudShellFullAccess"), pages=True),
    Read("server_certificates", "list_server_certificates", "iam:ListServerCertificates",
         lambda r: [{"ServerCertificateName": c["ServerCertificateName"], "Arn": c["Arn"],
                     "Expiration": c["Expiration"].isoformat() if hasattr(c.get("Expiration"), "isoformat")
                     else c.get("Expiration")} for c in r.get("ServerCertificateMetadataList", [])],
         service="iam", pages=True),
)

USER = Kind(
    type="aws.iam.user",
    service="iam",
    scope=GLOBAL,
    # One paginated call for every user with its attached and inline policies and groups, instead of
    # three calls per user.
    listing=Listing("get_account_authorization_details", "iam:GetAccountAuthorizationDetails",
                    lambda page: page.get("UserDetailList", []), params={"Filter": ["User"]}),
    identity=lambda entry, scope: (entry["Arn"], entry["UserName"]),
    fields={
        "attached_policies": lambda e: [p["PolicyArn"] for p in e.get("AttachedManagedPolicies", [])],
        "inline_policies": lambda e: [p["PolicyName"] for p in e.get("UserPolicyList", [])],
        "groups": item("GroupList", []),
    },
)

POLICY = Kind(
    type="aws.iam.policy",
    service="iam",
    scope=GLOBAL,
    listing=Listing("list_policies", "iam:ListPolicies", lambda page: page.get("Policies", []),
                    params={"Scope": "All", "OnlyAttached": True}),
    identity=lambda entry, scope: (entry["Arn"], entry["PolicyName"]),
    fields={
        "default_version_id": item("DefaultVersionId"),
        "attachment_count": item("AttachmentCount", 0),
        "aws_managed": lambda e: ":aws:policy/" in e["Arn"],
    },
    reads=(
        Read("document", "get_policy_version", "iam:GetPolicyVersion", lambda r: r["PolicyVersion"]["Document"],
             params=lambda policy: {"PolicyArn": policy.id, "VersionId": policy.config["default_version_id"]}),
    ),
)

KINDS = (USER, POLICY)
REGION_READS = ()
