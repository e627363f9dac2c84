"""GuardDuty (AWS Foundational Security Best Practices GuardDuty.1): a detector enabled in every region."""

from srmscan.check import check, failed, passed


@check(id="aws.guardduty.enabled", title="GuardDuty is enabled in the region", severity="high",
       resource_type="aws.region", reads=("guardduty_detectors",),
       rationale="GuardDuty watches CloudTrail, DNS and flow logs for compromise; a region without it is a blind "
                 "spot an attacker can pick.",
       remediation="`aws guardduty create-detector --enable` in the region (or enable it organisation-wide).")
def guardduty_enabled(region, snapshot):
    detectors = region.config["guardduty_detectors"]
    enabled = [d["id"] for d in detectors if d.get("status") == "ENABLED"]
    if enabled:
        return passed(f"detector {enabled[0]} is enabled", detector=enabled[0])
    if detectors:
        return failed("the region's detector is suspended", detectors=[d["id"] for d in detectors])
    return failed("the region has no GuardDuty detector")
