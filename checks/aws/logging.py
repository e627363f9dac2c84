"""Logging checks (CIS AWS Foundations section 3): CloudTrail, AWS Config, VPC flow logs, S3 object-level
logging. Selector semantics live in srmscan.analysis.cloudtrail_selectors."""

from srmscan.analysis.aws_monitoring import require_trails_listed
from srmscan.analysis.aws_policy import PolicyError
from srmscan.analysis.cloudtrail_selectors import management_events, missed, records, s3_object_event
from srmscan.analysis.s3_exposure import bucket_exposure
from srmscan.check import check, failed, first_found, passed, undetermined

TRAIL = "aws.cloudtrail.trail"
REGION = "aws.region"
# What the account- and bucket-level checks read of the trails they judge, and of a trail's bucket.
TRAILS_JUDGED = ("region.cloudtrail_trail_listed", "trail.is_multi_region", "trail.home_region", "trail.status",
                 "trail.event_selectors")
TRAIL_BUCKET_EXPOSURE = ("s3_bucket", "bucket.policy", "bucket.acl", "bucket.ownership_controls",
                         "bucket.public_access_block", "account.s3_public_access_block")


@check(id="aws.cloudtrail.multi_region_trail", title="A multi-region CloudTrail trail records all management events",
       severity="high", resource_type="aws.account", reads=TRAILS_JUDGED,
       rationale="Without a trail covering every region and every management event, actions in an unused region "
                 "or a class of API calls leave no record.",
       remediation="Create (or fix) a trail with IsMultiRegionTrail, logging on, and an event selector for all "
                   "management events (ReadWriteType All).")
def multi_region_trail(account, snapshot):
    why_not = []

    def judge(trail):
        problems = []
        if not trail.config["is_multi_region"]:
            problems.append("is single-region")
        if not trail.config["status"]["IsLogging"]:
            problems.append("is not logging")
        not_recorded = missed(trail.config["event_selectors"], management_events())
        if not_recorded:
            kinds = sorted({f"{e['eventSource']} {'reads' if e['readOnly'] == 'true' else 'writes'}" for e in not_recorded})
            problems.append(f"does not record management events: {', '.join(kinds[:4])}")
        why_not.extend([f"{trail.name} {'; '.join(problems)}"] if problems else [])
        return trail if not problems else None

    trail = first_found(snapshot.in_account(account, TRAIL), judge)
    if trail is not None:
        return passed(f"trail {trail.name} is multi-region, logging, and records every management event", trail=trail.id)
    require_trails_listed(account, snapshot)
    return failed("; ".join(why_not) if why_not else "the account has no CloudTrail trail", why_not=why_not)


@check(id="aws.cloudtrail.log_file_validation", title="CloudTrail log file validation is enabled", severity="medium",
       resource_type=TRAIL, reads=("log_file_validation",),
       rationale="Digest files prove that delivered logs were not altered or deleted after the fact.",
       remediation="`aws cloudtrail update-trail --name TRAIL --enable-log-file-validation`.")
def log_file_validation(trail, snapshot):
    if trail.config["log_file_validation"]:
        return passed("log file validation is enabled")
    return failed("log file validation is disabled")


@check(id="aws.cloudtrail.kms_encryption", title="CloudTrail logs are encrypted with a KMS key", severity="medium",
       resource_type=TRAIL, reads=("kms_key",),
       rationale="With SSE-KMS, reading the logs also needs decrypt rights on a key you control.",
       remediation="`aws cloudtrail update-trail --name TRAIL --kms-key-id KEY` with a key whose policy lets "
                   "CloudTrail encrypt.")
def kms_encryption(trail, snapshot):
    key = trail.config["kms_key"]
    if key:
        return passed(f"logs are encrypted with {key}", kms_key=key)
    return failed("logs are not encrypted with a KMS key (SSE-S3 only)")


def _trail_bucket(trail, snapshot):
    bucket = trail.config["s3_bucket"]
    partition = trail.id.split(":")[1]
    return bucket, snapshot.resource(trail, f"arn:{partition}:s3:::{bucket}")


@check(id="aws.cloudtrail.bucket_access_logging", title="The CloudTrail bucket has server access logging",
       severity="low", resource_type=TRAIL, reads=("s3_bucket", "bucket.logging"),
       rationale="Access logs on the trail bucket show who read or deleted the audit logs.",
       remediation="Enable server access logging on the trail's bucket, to a separate log bucket.")
def bucket_access_logging(trail, snapshot):
    name, bucket = _trail_bucket(trail, snapshot)
    logging = bucket.config["logging"]
    if logging and logging.get("TargetBucket"):
        return passed(f"bucket {name} logs access to {logging['TargetBucket']}", bucket=name)
    return failed(f"bucket {name} has no server access logging", bucket=name)


@check(id="aws.cloudtrail.bucket_not_public", title="The CloudTrail bucket is not publicly accessible",
       severity="critical", resource_type=TRAIL, reads=TRAIL_BUCKET_EXPOSURE,
       rationale="Public audit logs show an attacker your accounts, principals and activity, and a writable "
                 "bucket lets them be altered.",
       remediation="Remove the public policy statement or ACL grant and turn on Block Public Access on the bucket.")
def bucket_not_public(trail, snapshot):
    name, bucket = _trail_bucket(trail, snapshot)
    try:
        exposure = bucket_exposure(bucket.config, lambda: snapshot.account(bucket).config["s3_public_access_block"])
    except PolicyError as exc:
        return undetermined(f"cannot judge the policy of bucket {name}: {exc}")
    if exposure.grants:
        return failed(f"trail bucket {name} is public ({' and '.join(exposure.access)})", bucket=name,
                      grants=exposure.grants)
    return passed(f"trail bucket {name} is not public", bucket=name)


@check(id="aws.config.recorder_enabled", title="AWS Config records all resources in the region", severity="medium",
       resource_type=REGION, reads=("config_recorders", "config_recorder_status", "config_delivery_channels"),
       rationale="AWS Config keeps the configuration history that shows what changed, when, and by whom.",
       remediation="Create a recorder for all supported resource types (global types in one region), a delivery "
                   "channel, and start recording.")
def config_recorder_enabled(region, snapshot):
    recorders = region.config["config_recorders"]
    if not recorders:
        return failed("no configuration recorder")
    status = {s["name"]: s for s in region.config["config_recorder_status"]}
    problems = []
    for recorder in recorders:
        group = recorder.get("recordingGroup") or {}
        strategy = (group.get("recordingStrategy") or {}).get("useOnly")
        if not group.get("allSupported", strategy == "ALL_SUPPORTED_RESOURCE_TYPES"):
            problems.append(f"recorder {recorder['name']} does not record all supported resource types")
        state = status.get(recorder["name"], {})
        if not state.get("recording"):
            problems.append(f"recorder {recorder['name']} is not recording")
        elif state.get("lastStatus") == "FAILURE":
            problems.append(f"recorder {recorder['name']} last failed")
    if not region.config["config_delivery_channels"]:
        problems.append("no delivery channel")
    if problems:
        return failed("; ".join(problems), problems=problems)
    return passed("Config records all supported resources and delivers them")


@check(id="aws.config.global_resources_recorded", title="AWS Config records global resources (IAM) in some region",
       severity="low", resource_type="aws.account", reads=("region.config_recorders",),
       rationale="IAM users, roles and policies are global: unless one region's recorder includes global "
                 "types, their changes are not recorded anywhere.",
       remediation="Set includeGlobalResourceTypes on the recorder of one region (your home region).")
def config_global_resources(account, snapshot):
    regions = [r.region for r in snapshot.in_account(account, REGION)
               if any((rec.get("recordingGroup") or {}).get("includeGlobalResourceTypes")
                      for rec in r.config["config_recorders"])]
    if regions:
        return passed(f"global resource types are recorded in {', '.join(regions)}", regions=regions)
    return failed("no region's Config recorder includes global resource types (IAM)")


@check(id="aws.kms.key_rotation", title="Customer-managed symmetric KMS keys rotate yearly", severity="medium",
       resource_type="aws.kms.key", reads=("metadata", "rotation_enabled"),
       rationale="Rotation limits how much data one key version protects and how long a leaked version is useful.",
       remediation="`aws kms enable-key-rotation --key-id KEY`.")
def key_rotation(key, snapshot):
    metadata = key.config["metadata"]
    if metadata.get("KeyManager") != "CUSTOMER":
        return passed("AWS-managed key: AWS rotates it", key_manager=metadata.get("KeyManager"))
    if metadata.get("KeySpec", "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT":
        return passed(f"{metadata.get('KeySpec')} key: automatic rotation does not apply", key_spec=metadata.get("KeySpec"))
    if metadata.get("KeyState") != "Enabled":
        return passed(f"key is {metadata.get('KeyState')}: rotation does not apply", key_state=metadata.get("KeyState"))
    if metadata.get("Origin", "AWS_KMS") != "AWS_KMS":
        return passed(f"key material from {metadata.get('Origin')}: rotate it manually", origin=metadata.get("Origin"))
    if key.config["rotation_enabled"]:
        return passed("automatic rotation is enabled")
    return failed("automatic rotation is disabled for this customer-managed symmetric key")


@check(id="aws.ec2.vpc_flow_logs", title="VPC flow logging is enabled", severity="medium", resource_type="aws.ec2.vpc",
       reads=("region.flow_logs",),
       rationale="Flow logs record rejected (and accepted) connections: the trace of scanning and lateral movement.",
       remediation="`aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC --traffic-type REJECT` (or ALL).")
def vpc_flow_logs(vpc, snapshot):
    logs = [f for f in snapshot.region(vpc).config["flow_logs"] if f.get("ResourceId") == vpc.name]
    active = [f for f in logs if f.get("FlowLogStatus", "ACTIVE") == "ACTIVE" and f.get("TrafficType") in ("REJECT", "ALL")]
    if active:
        return passed(f"flow log {active[0]['FlowLogId']} records {active[0]['TrafficType']} traffic",
                      flow_logs=[f["FlowLogId"] for f in active])
    if logs:
        return failed("flow logs exist but none is active and records rejected traffic", flow_logs=logs)
    return failed("no flow log for this VPC")


def _object_logging(bucket, snapshot, write: bool):
    partition = bucket.id.split(":")[1]
    event = s3_object_event(bucket.name, partition, write)

    def judge(trail):
        return (trail.config["status"]["IsLogging"]
                and (trail.config["is_multi_region"] or trail.config["home_region"] == bucket.region)
                and records(trail.config["event_selectors"], event) and trail)

    trail = first_found(snapshot.in_account(bucket, TRAIL), judge)
    kind = "write" if write else "read"
    if trail:
        return passed(f"object-level {kind} events are logged by trail {trail.name}", trail=trail.name)
    require_trails_listed(bucket, snapshot)
    return failed(f"no logging trail records object-level {kind} events ({event['eventName']}) of this bucket")


@check(id="aws.s3.bucket_object_write_logging", title="Object-level write events of the bucket are logged",
       severity="low", resource_type="aws.s3.bucket", reads=TRAILS_JUDGED,
       rationale="Without data events, who wrote or deleted an object is not recorded.",
       remediation="Add a data event selector for AWS::S3::Object (this bucket or all buckets, write events) to a "
                   "logging multi-region trail.")
def bucket_object_write_logging(bucket, snapshot):
    return _object_logging(bucket, snapshot, write=True)


@check(id="aws.s3.bucket_object_read_logging", title="Object-level read events of the bucket are logged",
       severity="low", resource_type="aws.s3.bucket", reads=TRAILS_JUDGED,
       rationale="Without data events, who read an object is not recorded: an exfiltration leaves no trace.",
       remediation="Add a data event selector for AWS::S3::Object (this bucket or all buckets, read events) to a "
                   "logging multi-region trail.")
def bucket_object_read_logging(bucket, snapshot):
    return _object_logging(bucket, snapshot, write=False)
