"""Kinesis Data Streams (regional): streams with their encryption and retention."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, arn, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType

STREAM = ResourceType(
    type="aws.kinesis.stream",
    service="kinesis",
    scope=REGIONAL,
    listing=Listing(Call("list_streams"), "kinesis:ListStreams",
                    lambda page: [{"StreamName": name} for name in page.get("StreamNames", [])]),
    identity=lambda s, scope: (arn(scope, "kinesis", f"stream/{s['StreamName']}"), s["StreamName"]),
    config=fields({"name": item("StreamName")}),
    reads=(
        Read("summary", Call("describe_stream_summary", params=lambda stream: {"StreamName": stream.name}),
             "kinesis:DescribeStreamSummary",
             lambda r: {"encryption": r["StreamDescriptionSummary"].get("EncryptionType", "NONE"),
                        "retention_hours": r["StreamDescriptionSummary"].get("RetentionPeriodHours")}),
    ),
)

TYPES = (STREAM,)
SCOPE_READS: dict = {}
