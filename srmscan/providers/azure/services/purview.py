"""Microsoft Purview in Microsoft 365 (with `--purview`): DLP policies and rules, sensitivity labels and their
publishing policies, read with Get-* cmdlets of Security & Compliance PowerShell's REST endpoint (Microsoft Graph
exposes none of them). Recorded on the tenant resource."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import TENANT_TYPE, Cmdlet
from srmscan.providers.declare import Read

PERMISSION = ("Security & Compliance PowerShell: Exchange.ManageAsApp (Office 365 Exchange Online application "
              "permission) and the Compliance Administrator role for the app (app-only access)")
WORKLOADS = {"exchange": "ExchangeLocation", "sharepoint": "SharePointLocation", "onedrive": "OneDriveLocation",
             "teams": "TeamsLocation"}


def names(value: Any) -> list[str]:
    """A multi-valued property as names: strings as they are, location objects by their Name (or DisplayName)."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item.get("Name") or item.get("DisplayName") or item.get("name") or "") if isinstance(item, dict)
            else str(item) for item in items]


def dlp_policies_config(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Get-DlpCompliancePolicy: each policy's mode (Enable enforces; TestWith(out)Notifications only simulates)
    and the locations of each workload it covers."""
    return [{"name": p.get("Name"), "mode": p.get("Mode"), "enabled": p.get("Enabled", True) is not False,
             "locations": {workload: names(p.get(key)) for workload, key in WORKLOADS.items()},
             "teams_exceptions": names(p.get("TeamsLocationException"))} for p in policies]


def sensitive_types(condition: Any) -> list[str]:
    """The sensitive information types a rule's ContentContainsSensitiveInformation names, flat or in groups."""
    found: list[str] = []
    for item in condition if isinstance(condition, list) else [condition] if condition else []:
        if not isinstance(item, dict):
            continue
        nested = item.get("sensitivetypes") or item.get("groups")
        if nested:
            found += sensitive_types(nested)
        elif item.get("name"):
            found.append(str(item["name"]))
    return found


def dlp_rules_config(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Get-DlpComplianceRule: each rule's policy, whether it is on, and the sensitive information types it detects."""
    return [{"name": r.get("Name"), "policy": r.get("ParentPolicyName"), "enabled": not r.get("Disabled"),
             "sensitive_types": sensitive_types(r.get("ContentContainsSensitiveInformation"))} for r in rules]


def labels_config(labels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Get-Label: each sensitivity label, by name and id, and whether it is disabled."""
    return [{"name": l.get("Name"), "display_name": l.get("DisplayName"), "id": l.get("Guid") or l.get("ImmutableId"),
             "enabled": not l.get("Disabled")} for l in labels]


def label_policies_config(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Get-LabelPolicy: each policy's type (PublishedSensitivityLabel publishes), state and the labels it publishes."""
    return [{"name": p.get("Name"), "type": p.get("Type"), "enabled": p.get("Enabled", True) is not False,
             "labels": names(p.get("Labels")), "exchange": names(p.get("ExchangeLocation"))} for p in policies]


TYPES = ()
SCOPE_READS = {TENANT_TYPE: (
    Read("dlp_policies", Cmdlet("Get-DlpCompliancePolicy"), PERMISSION, dlp_policies_config),
    Read("dlp_rules", Cmdlet("Get-DlpComplianceRule"), PERMISSION, dlp_rules_config),
    Read("sensitivity_labels", Cmdlet("Get-Label"), PERMISSION, labels_config),
    Read("label_policies", Cmdlet("Get-LabelPolicy"), PERMISSION, label_policies_config),
)}
