"""Microsoft 365 tenant settings (SaaS): SharePoint and OneDrive sharing (Microsoft Graph), and with --purview
DLP and sensitivity labels (Security & Compliance PowerShell; srmscan.analysis.m365_dlp)."""

from srmscan.analysis.m365_dlp import WORKLOAD_NAMES, covers_all, enforcing, workload_gaps
from srmscan.check import check, failed, judged, passed

TENANT = "azure.entra.tenant"


@check(
    id="azure.m365.sharepoint_external_sharing",
    title="SharePoint and OneDrive do not allow 'Anyone' links",
    severity="high",
    resource_type=TENANT,
    rationale="'Anyone' links share files with whoever holds the link, without sign-in; the sharing level is the "
              "tenant's setting.",
    remediation="SharePoint admin center > Policies > Sharing: set external sharing to 'New and existing guests' or "
                "more restrictive.",
    reads=("sharepoint_settings",),
)
def sharepoint_external_sharing(tenant, snapshot):
    capability = tenant.config["sharepoint_settings"].get("sharingCapability")
    if capability == "externalUserAndGuestSharing":
        return failed("external sharing allows 'Anyone' links (no sign-in)", sharing_capability=capability)
    return passed(f"external sharing is {capability}", sharing_capability=capability)


# -- Microsoft Purview (with --purview): DLP and sensitivity labels ---------------------------------------------
# The sensitive information types an enforcing DLP policy must detect on every workload (their Purview names).
# Credit card numbers are the one type CIS calls universal; the config file (srmscan.toml) will let a team name
# its own.
REQUIRED_SENSITIVE_TYPES = ("Credit Card Number",)


@check(id="azure.m365.dlp_policy_enabled", severity="high", resource_type=TENANT, reads=("dlp_policies",),
       title="A DLP policy is on (enforced, not in test mode) for Exchange, SharePoint, OneDrive or Teams",
       rationale="Without an enforced DLP policy nothing stops sensitive data leaving by mail, sharing or chat; a "
                 "policy in test mode only reports what it would have blocked.",
       remediation="Microsoft Purview > Data loss prevention > Policies: turn a policy on (Mode Enable) with at least "
                   "one of Exchange, SharePoint, OneDrive or Teams as its locations.")
def dlp_policy_enabled(tenant, snapshot):
    policies = tenant.config["dlp_policies"]
    on = [p["name"] for p in enforcing(policies) if any(p["locations"][w] for w in WORKLOAD_NAMES)]
    if on:
        return passed(f"enforced DLP policy: {', '.join(on)}", policies=on)
    testing = [p["name"] for p in policies if str(p["mode"]).startswith("Test")]
    return failed("no DLP policy is enforced" + (f" ({', '.join(testing)} in test mode only)" if testing else ""),
                  policies=[p["name"] for p in policies])


@check(id="azure.m365.dlp_teams", severity="medium", resource_type=TENANT, reads=("dlp_policies",),
       title="An enforced DLP policy covers Teams chats and channels of every account",
       rationale="Teams messages are where sensitive data is pasted most casually; a DLP policy that does not "
                 "include Teams (all accounts) leaves chat unprotected.",
       remediation="Microsoft Purview > Data loss prevention: turn on the Default policy for Teams, or a policy whose "
                   "locations include Teams chat and channel messages - All accounts.")
def dlp_teams(tenant, snapshot):
    covering = [p["name"] for p in enforcing(tenant.config["dlp_policies"]) if covers_all(p, "teams")]
    return judged(covering, f"Teams covered by {', '.join(covering)}",
                  "no enforced DLP policy covers Teams chats and channels of all accounts")


@check(id="azure.m365.dlp_covers_every_workload", severity="medium", resource_type=TENANT,
       reads=("dlp_policies", "dlp_rules"),
       title="Enforced DLP rules detect the required sensitive information types on every workload",
       rationale="A DLP policy protects only the workloads its locations reach and only the sensitive information "
                 "types its enabled rules detect; a gap on one workload is where data leaves.",
       remediation="Add the missing workloads (All) to an enforced policy, with an enabled rule detecting the "
                   "sensitive information types (Content contains > Sensitive info types).")
def dlp_covers_every_workload(tenant, snapshot):
    gaps = workload_gaps(tenant.config["dlp_policies"], tenant.config["dlp_rules"], REQUIRED_SENSITIVE_TYPES)
    if gaps:
        return failed("; ".join(f"{WORKLOAD_NAMES[w]}: no enforced rule for {', '.join(types)}"
                                for w, types in gaps.items()), gaps=gaps, required=list(REQUIRED_SENSITIVE_TYPES))
    return passed(f"every workload has enforced rules for {', '.join(REQUIRED_SENSITIVE_TYPES)}",
                  required=list(REQUIRED_SENSITIVE_TYPES))


@check(id="azure.m365.sensitivity_labels_published", severity="medium", resource_type=TENANT,
       reads=("label_policies", "sensitivity_labels"),
       title="Sensitivity labels are published to users",
       rationale="Labels classify and protect documents and mail only once a label policy publishes them; "
                 "defined but unpublished labels protect nothing.",
       remediation="Microsoft Purview > Information protection > Label publishing policies: publish the labels to "
                   "the users who handle sensitive data.")
def sensitivity_labels_published(tenant, snapshot):
    active = {label["name"] for label in tenant.config["sensitivity_labels"] if label["enabled"]} | \
        {label["id"] for label in tenant.config["sensitivity_labels"] if label["enabled"] and label["id"]}
    published = sorted({label for p in tenant.config["label_policies"]
                        if p["type"] == "PublishedSensitivityLabel" and p["enabled"]
                        for label in p["labels"] if label in active})
    return judged(published, f"published: {', '.join(published)}", "no enabled sensitivity label is published by an "
                  "enabled label policy", labels=published)
