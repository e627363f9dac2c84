"""IAM (global): the credential report and account settings on the account; users and attached policies."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

from srmscan.providers.aws.declare import ACCOUNT_TYPE, GLOBAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType

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


def _start_report(client) -> None:
    client.generate_credential_report()


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



USER = ResourceType(
    type="aws.iam.user",
    service="iam",
    scope=GLOBAL,
    # One paginated call for every user with its attached and inline policies and groups, instead of
    # three calls per user.
    listing=Listing(Call("get_account_authorization_details", params={"Filter": ["User"]}),
                    "iam:GetAccountAuthorizationDetails", lambda page: page.get("UserDetailList", [])),
    identity=lambda entry, scope: (entry["Arn"], entry["UserName"]),
    config=fields({
        "attached_policies": lambda e: [p["PolicyArn"] for p in e.get("AttachedManagedPolicies", [])],
        "inline_policies": lambda e: [p["PolicyName"] for p in e.get("UserPolicyList", [])],
        "groups": item("GroupList", []),
    }),
)

POLICY = ResourceType(
    type="aws.iam.policy",
    service="iam",
    scope=GLOBAL,
    listing=Listing(Call("list_policies", params={"Scope": "All", "OnlyAttached": True}), "iam:ListPolicies",
                    lambda page: page.get("Policies", [])),
    identity=lambda entry, scope: (entry["Arn"], entry["PolicyName"]),
    config=fields({
        "default_version_id": item("DefaultVersionId"),
        "attachment_count": item("AttachmentCount", 0),
        "aws_managed": lambda e: ":aws:policy/" in e.get("Arn", ""),
    }),
    reads=(
        Read("document",
             Call("get_policy_version",
                  params=lambda policy: {"PolicyArn": policy.id, "VersionId": policy.config["default_version_id"]}),
             "iam:GetPolicyVersion", lambda r: r["PolicyVersion"]["Document"]),
    ),
)

ROLE = ResourceType(
    type="aws.iam.role",
    service="iam",
    scope=GLOBAL,
    listing=Listing(Call("get_account_authorization_details", params={"Filter": ["Role"]}),
                    "iam:GetAccountAuthorizationDetails", lambda page: page.get("RoleDetailList", [])),
    identity=lambda entry, scope: (entry["Arn"], entry["RoleName"]),
    config=fields({"path": item("Path", "/"), "trust_policy": item("AssumeRolePolicyDocument")}),
)

TYPES = (USER, POLICY, ROLE)
SCOPE_READS = {ACCOUNT_TYPE: (
    # the organisation's accounts, when this account may list them (the management or a delegated
    # administrator account); elsewhere None, and trust is judged against this account alone
    Read("organization_accounts", Call("list_accounts", service="organizations", pages=True),
         "organizations:ListAccounts", lambda r: sorted(a["Id"] for a in r.get("Accounts", [])),
         frozenset({"AWSOrganizationsNotInUseException", "AccessDeniedException"})),
    Read("credential_report", Call("get_credential_report", service="iam", call=_credential_report,
                                    head_start=_start_report),
         ("iam:GenerateCredentialReport", "iam:GetCredentialReport"), parse_credential_report),
    Read("account_summary", Call("get_account_summary", service="iam"), "iam:GetAccountSummary",
         lambda r: r["SummaryMap"]),
    Read("password_policy", Call("get_account_password_policy", service="iam"), "iam:GetAccountPasswordPolicy",
         lambda r: r["PasswordPolicy"], frozenset({"NoSuchEntity"})),
    Read("virtual_mfa_devices", Call("list_virtual_mfa_devices", service="iam", pages=True),
         "iam:ListVirtualMFADevices",
         lambda r: [{"SerialNumber": d["SerialNumber"], "User": (d.get("User") or {}).get("Arn")}
                    for d in r.get("VirtualMFADevices", [])]),
    Read("support_access_attachments",
         Call("list_entities_for_policy", service="iam", params=_managed_policy("AWSSupportAccess"), pages=True),
         "iam:ListEntitiesForPolicy", _attachments, frozenset({"NoSuchEntity"})),
    Read("cloudshell_full_access_attachments",
         Call("list_entities_for_policy", service="iam", params=_managed_policy("AWSCloudShellFullAccess"), pages=True),
         "iam:ListEntitiesForPolicy", _attachments, frozenset({"NoSuchEntity"})),
    Read("server_certificates", Call("list_server_certificates", service="iam", pages=True),
         "iam:ListServerCertificates",
         lambda r: [{"ServerCertificateName": c["ServerCertificateName"], "Arn": c["Arn"],
                     "Expiration": c["Expiration"].isoformat() if hasattr(c.get("Expiration"), "isoformat")
                     else c.get("Expiration")} for c in r.get("ServerCertificateMetadataList", [])]),
)}
