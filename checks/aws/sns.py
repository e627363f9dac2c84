"""SNS (AWS Foundational Security Best Practices SNS.4): topic policies not public."""

from srmscan.analysis.aws_policy import public_policy_verdict
from srmscan.check import check


@check(id="aws.sns.topic_not_public", title="SNS topic policies do not grant access to everyone", severity="high",
       resource_type="aws.sns.topic", reads=("attributes",),
       rationale="A topic policy with a public principal and no limiting condition lets anyone publish to the "
                 "topic or subscribe to what it carries.",
       remediation="Name the accounts or services in the policy, or limit it with aws:SourceArn / aws:SourceAccount "
                   "/ aws:PrincipalOrgID on fixed values.")
def topic_not_public(topic, snapshot):
    return public_policy_verdict(topic.config["attributes"].get("Policy"), "topic")
