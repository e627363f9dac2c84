"""S3 Control (regional): the access points of each region, each with its own Block Public Access settings.
A module of its own so that `--service s3` stays a scan of buckets (global) and lists no region."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item, token_pages
from srmscan.providers.declare import Listing, Read, ResourceType

ACCESS_POINT = ResourceType(
    type="aws.s3control.access_point",
    service="s3control",
    scope=REGIONAL,
    listing=Listing(Call("list_access_points", params=lambda region: {"AccountId": region.account},
                         call=token_pages("list_access_points", "AccessPointList", "NextToken", ("MaxResults", 1000))),
                    "s3:ListAccessPoints", lambda page: page.get("AccessPointList", [])),
    identity=lambda point, scope: (point["AccessPointArn"], point["Name"]),
    config=fields({"bucket": item("Bucket"), "network_origin": item("NetworkOrigin")}),
    reads=(
        # absent from an answer: not known (the check says ERROR), never assumed on
        Read("public_access_block", Call("get_access_point", params=lambda point: {"AccountId": point.account,
                                                                                  "Name": point.name}),
             "s3:GetAccessPoint", lambda r: r.get("PublicAccessBlockConfiguration")),
    ),
)


TYPES = (ACCESS_POINT,)
SCOPE_READS: dict = {}
