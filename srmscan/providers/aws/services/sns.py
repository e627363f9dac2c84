"""SNS (regional): topics with their access policy and encryption (one GetTopicAttributes each)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call
from srmscan.providers.declare import Listing, Read, ResourceType

ATTRIBUTES = ("Policy", "KmsMasterKeyId")

TOPIC = ResourceType(
    type="aws.sns.topic",
    service="sns",
    scope=REGIONAL,
    listing=Listing(Call("list_topics"), "sns:ListTopics", lambda page: page.get("Topics", [])),
    identity=lambda t, scope: (t["TopicArn"], t["TopicArn"].rsplit(":", 1)[-1]),
    reads=(
        Read("attributes", Call("get_topic_attributes", params=lambda topic: {"TopicArn": topic.id}),
             "sns:GetTopicAttributes", lambda r: {k: (r.get("Attributes") or {}).get(k) for k in ATTRIBUTES}),
    ),
)

TYPES = (TOPIC,)
SCOPE_READS: dict = {}
