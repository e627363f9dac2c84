"""Security Hub (CIS AWS 5.16): enabled in the region."""

from srmscan.check import check, failed, passed

@check(id="aws.securityhub.enabled", title="AWS Security Hub is enabled in the region", severity="low",
       resource_type="aws.region", reads=("security_hub",),
       rationale="Security Hub gathers findings from GuardDuty, Inspector, Macie and Config rules in one place.",
       remediation="`aws securityhub enable-security-hub` in each region (AWS Config must be on).")
def security_hub_enabled(region, snapshot):
    hub = region.config["security_hub"]
    if hub:
        return passed(f"Security Hub is enabled ({hub.get('HubArn')})")
    return failed("Security Hub is not enabled in this region")
