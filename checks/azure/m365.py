"""Microsoft 365 tenant settings (SaaS) read through Microsoft Graph: SharePoint and OneDrive sharing."""

from srmscan.check import check, failed, passed

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
