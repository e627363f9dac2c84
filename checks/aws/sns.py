"""SNS (AWS Foundational Security Best Practices SNS.4): topic policies not public."""

from srmscan.analysis.aws_policy import PRINCIPAL_LIMITING_KEYS, PolicyError, public_statements
from srmscan.check import check, failed, passed, undetermined


@check(id="aws.sns.topic_not_public", title="SNS topic policies do not grant access to everyone", severity="high",
       resource_type="aws.sns.topic", reads=("attributes",),
       rationale="A topic policy with a public principal and no limiting condition lets anyone publish to the "
                 "topic or subscribe to what it carries.",
       remediation="Name the accounts or services in the policy, or limit it with aws:SourceArn / aws:SourceAccount "
                   "/ aws:PrincipalOrgID on fixed values.")
def topic_not_public(topic, snapshot):
    try:
        public = public_statements(topic.config["attributes"].get("Policy"), PRINCIPAL_LIMITING_KEYS)
    except PolicyError as exc:
        return undetermined(f"cannot judge the topic policy: {exc}")
    if public:
        return failed(f"statement {', '.join(public)} grants the topic to everyone", statements=public)
    return passed("no statement grants the topic to everyone")
