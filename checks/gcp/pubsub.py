"""Pub/Sub topics and subscriptions (PaaS): who may publish to them, attach to them or pull from them, and the key
their messages are encrypted with."""

from srmscan.analysis.gcp_iam import public_grants
from srmscan.check import check, judged

TOPIC = "gcp.pubsub.topic"
SUBSCRIPTION = "gcp.pubsub.subscription"


@check(id="gcp.pubsub.topic_not_public", severity="critical", resource_type=TOPIC, reads=("iam_policy",),
       title="Pub/Sub topic grants nothing to allUsers or allAuthenticatedUsers",
       rationale="A public topic lets anyone publish into the pipelines that consume it, or attach a subscription "
                 "and read every message.",
       remediation="`gcloud pubsub topics remove-iam-policy-binding TOPIC --member=allUsers --role=ROLE` (and "
                   "allAuthenticatedUsers).")
def topic_not_public(topic, snapshot):
    return public_grants(topic.config["iam_policy"])


@check(id="gcp.pubsub.topic_cmek", severity="low", resource_type=TOPIC, reads=("kms_key",),
       title="Pub/Sub topic encrypts its messages with a customer-managed key",
       rationale="With a Cloud KMS key the owner controls, rotates and can revoke the key protecting the messages.",
       remediation="`gcloud pubsub topics update TOPIC --topic-encryption-key=KEY`.")
def topic_cmek(topic, snapshot):
    key = topic.config["kms_key"]
    return judged(key, f"encrypted with {key}", "Google-managed encryption only")


@check(id="gcp.pubsub.subscription_not_public", severity="critical", resource_type=SUBSCRIPTION, reads=("iam_policy",),
       title="Pub/Sub subscription grants nothing to allUsers or allAuthenticatedUsers",
       rationale="A public subscription lets anyone pull (and acknowledge, so its consumers never see) every message "
                 "delivered to it.",
       remediation="`gcloud pubsub subscriptions remove-iam-policy-binding SUBSCRIPTION --member=allUsers --role=ROLE` "
                   "(and allAuthenticatedUsers).")
def subscription_not_public(subscription, snapshot):
    return public_grants(subscription.config["iam_policy"])
