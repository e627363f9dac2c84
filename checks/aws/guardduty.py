"""GuardDuty (AWS Foundational Security Best Practices GuardDuty.1, .5-.13): a detector enabled in every region, and
its protection plans (features, with the agent management the runtime controls also require)."""

from srmscan.check import check, check_family, failed, judged, passed


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


# check key -> (FSBP id, what it protects, the features any of which turns it on, the agent management it also needs)
PLANS = {
    "eks_audit_logs": ("GuardDuty.5", "EKS audit log monitoring", ("EKS_AUDIT_LOGS",), None),
    "lambda_protection": ("GuardDuty.6", "Lambda protection", ("LAMBDA_NETWORK_LOGS",), None),
    "eks_runtime": ("GuardDuty.7", "EKS runtime monitoring with automated agent management",
                    ("EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"), "EKS_ADDON_MANAGEMENT"),
    "ec2_malware_protection": ("GuardDuty.8", "malware protection for EC2", ("EBS_MALWARE_PROTECTION",), None),
    "rds_protection": ("GuardDuty.9", "RDS protection", ("RDS_LOGIN_EVENTS",), None),
    "s3_protection": ("GuardDuty.10", "S3 protection", ("S3_DATA_EVENTS",), None),
    "runtime_monitoring": ("GuardDuty.11", "runtime monitoring", ("RUNTIME_MONITORING",), None),
    "ecs_runtime": ("GuardDuty.12", "ECS (Fargate) runtime monitoring with automated agent management",
                    ("RUNTIME_MONITORING",), "ECS_FARGATE_AGENT_MANAGEMENT"),
    "ec2_runtime": ("GuardDuty.13", "EC2 runtime monitoring with automated agent management",
                    ("RUNTIME_MONITORING",), "EC2_AGENT_MANAGEMENT"),
}


def _plan_on(detector: dict, features: tuple[str, ...], agent: str | None) -> bool:
    for name in features:
        feature = detector.get("features", {}).get(name)
        if feature and feature["status"] == "ENABLED" and (agent is None or feature["additional"].get(agent) == "ENABLED"):
            return True
    return False


def _declare(key: str, control: str, what: str, features: tuple[str, ...], agent: str | None):
    @check(id=f"aws.guardduty.{key}", title=f"GuardDuty {what} is enabled in the region", severity="medium",
           resource_type="aws.region", reads=("guardduty_detectors",),
           rationale=f"Each GuardDuty protection plan watches one more source of compromise; without {what} "
                     "that source is a blind spot in the region.",
           remediation=f"Enable {' or '.join(features)}{f' with {agent}' if agent else ''} on the region's detector "
                       "(`aws guardduty update-detector --features ...`).")
    def plan(region, snapshot):
        detectors = [d for d in region.config["guardduty_detectors"] if d.get("status") == "ENABLED"]
        if not detectors:
            return failed("no enabled GuardDuty detector in the region")
        on = [d["id"] for d in detectors if _plan_on(d, features, agent)]
        return judged(on, f"{what} is on", f"{what} is off", detectors=on)

    return plan


PLAN_CHECKS = check_family(_declare, PLANS)
