"""CloudTrail (CIS AWS section 3): a multi-region trail recording management events, log file
validation, KMS encryption, and the trail bucket's access logging and exposure."""

from srmscan.analysis.aws_monitoring import TRAIL, TRAILS_JUDGED, require_trails_listed
from srmscan.analysis.aws_policy import PolicyError
from srmscan.analysis.cloudtrail_selectors import management_events, missed
from srmscan.analysis.s3_exposure import bucket_exposure
from srmscan.check import check, failed, first_found, passed, undetermined

# What the trail checks read of a trail's bucket.
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
