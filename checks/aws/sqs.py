"""SQS (AWS Foundational Security Best Practices SQS.1, SQS.3): queues encrypted at rest, queue policies
not public."""

from srmscan.analysis.aws_policy import public_policy_verdict
from srmscan.check import check, failed, passed

QUEUE = "aws.sqs.queue"


@check(id="aws.sqs.queue_encrypted", title="SQS queues are encrypted at rest", severity="medium",
       resource_type=QUEUE, reads=("attributes",),
       rationale="Messages at rest in an unencrypted queue are readable to whoever reaches its storage.",
       remediation="Turn on SSE-SQS or SSE-KMS: `aws sqs set-queue-attributes --attributes SqsManagedSseEnabled=true`.")
def queue_encrypted(queue, snapshot):
    attributes = queue.config["attributes"]
    if attributes.get("KmsMasterKeyId"):
        return passed(f"encrypted with KMS key {attributes['KmsMasterKeyId']}", kms_key=attributes["KmsMasterKeyId"])
    if str(attributes.get("SqsManagedSseEnabled")).lower() == "true":
        return passed("encrypted with SQS-managed keys (SSE-SQS)")
    return failed("the queue is not encrypted at rest")


@check(id="aws.sqs.queue_not_public", title="SQS queue policies do not grant access to everyone", severity="high",
       resource_type=QUEUE, reads=("attributes",),
       rationale="A queue policy with a public principal and no limiting condition lets anyone read, send or "
                 "delete the queue's messages.",
       remediation="Name the accounts or services in the policy, or limit it with aws:SourceArn / aws:SourceAccount "
                   "/ aws:PrincipalOrgID on fixed values.")
def queue_not_public(queue, snapshot):
    return public_policy_verdict(queue.config["attributes"].get("Policy"), "queue")
