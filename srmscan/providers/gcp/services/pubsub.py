"""Pub/Sub: topics with their encryption key, subscriptions, and who may publish to or read them (each topic's
and subscription's IAM policy)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, Read, ResourceType
from srmscan.providers.gcp.declare import Google, resource_iam_policy

TOPIC_TYPE = "gcp.pubsub.topic"
SUBSCRIPTION_TYPE = "gcp.pubsub.subscription"


def topic_config(topic: dict[str, Any]) -> dict[str, Any]:
    """A topic (topics.list item): its customer-managed key, if any."""
    return {"kms_key": topic.get("kmsKeyName")}


TYPES = (
    ResourceType(TOPIC_TYPE, "pubsub", Listing(Google("pubsub", "/v1/projects/{project}/topics", "topics"),
                                               "pubsub.topics.list"), topic_config,
                 reads=(Read("iam_policy", Google("pubsub", "/v1/{name}:getIamPolicy"), "pubsub.topics.getIamPolicy",
                             resource_iam_policy),)),
    ResourceType(SUBSCRIPTION_TYPE, "pubsub",
                 Listing(Google("pubsub", "/v1/projects/{project}/subscriptions", "subscriptions"),
                         "pubsub.subscriptions.list"),
                 reads=(Read("iam_policy", Google("pubsub", "/v1/{name}:getIamPolicy"),
                             "pubsub.subscriptions.getIamPolicy", resource_iam_policy),)),
)
SCOPE_READS: dict = {}   # no read of the project's own
