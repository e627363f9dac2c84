"""Kinesis Data Streams (AWS Foundational Security Best Practices Kinesis.1, .3)."""

from srmscan.check import check, failed, passed

STREAM = "aws.kinesis.stream"
MINIMUM_RETENTION_HOURS = 168   # Kinesis.3's default


@check(id="aws.kinesis.stream_encrypted", title="Kinesis streams are encrypted at rest", severity="medium",
       resource_type=STREAM, reads=("summary",),
       rationale="Records at rest in an unencrypted stream are readable to whoever reaches its storage.",
       remediation="`aws kinesis start-stream-encryption --encryption-type KMS --key-id alias/aws/kinesis`.")
def stream_encrypted(stream, snapshot):
    if stream.config["summary"]["encryption"] == "KMS":
        return passed("server-side encryption with KMS is on")
    return failed("the stream is not encrypted at rest")


@check(id="aws.kinesis.retention", title=f"Kinesis streams keep records at least {MINIMUM_RETENTION_HOURS} hours",
       severity="medium", resource_type=STREAM, reads=("summary",),
       rationale="A short retention loses records a failed consumer needed to replay, and the evidence with them.",
       remediation=f"`aws kinesis increase-stream-retention-period --retention-period-hours {MINIMUM_RETENTION_HOURS}`.")
def retention(stream, snapshot):
    hours = stream.config["summary"]["retention_hours"] or 0
    if hours >= MINIMUM_RETENTION_HOURS:
        return passed(f"records are kept {hours} hours", hours=hours)
    return failed(f"records are kept {hours} hours", hours=hours)
