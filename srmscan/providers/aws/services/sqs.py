"""SQS (regional): queues with their encryption and access policy (one GetQueueAttributes each)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, arn, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType

ATTRIBUTES = ("Policy", "KmsMasterKeyId", "SqsManagedSseEnabled")


def _queue_name(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


QUEUE = ResourceType(
    type="aws.sqs.queue",
    service="sqs",
    scope=REGIONAL,
    # ListQueues answers URLs only
    listing=Listing(Call("list_queues", params={"MaxResults": 1000}), "sqs:ListQueues",
                    lambda page: [{"QueueUrl": url} for url in page.get("QueueUrls", [])]),
    identity=lambda q, scope: (arn(scope, "sqs", _queue_name(q["QueueUrl"])), _queue_name(q["QueueUrl"])),
    config=fields({"url": item("QueueUrl")}),
    reads=(
        Read("attributes", Call("get_queue_attributes", params=lambda queue: {
                 "QueueUrl": queue.config["url"], "AttributeNames": list(ATTRIBUTES)}),
             "sqs:GetQueueAttributes", lambda r: {k: (r.get("Attributes") or {}).get(k) for k in ATTRIBUTES}),
    ),
)

TYPES = (QUEUE,)
SCOPE_READS: dict = {}
