"""CloudTrail (regional listing): every trail the account has or receives, recorded once in its home
region, with its status and event selectors."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _trail(trail) -> dict:
    return {"Name": trail.id}


TRAIL = ResourceType(
    type="aws.cloudtrail.trail",
    service="cloudtrail",
    scope=REGIONAL,
    # includeShadowTrails: a multi-region or organization trail is seen from every region it covers
    # (that is how a member account sees its organization's trail); the collector keeps each trail once.
    listing=Listing(Call("describe_trails", params={"includeShadowTrails": True}), "cloudtrail:DescribeTrails",
                    lambda page: page.get("trailList", [])),
    identity=lambda t, scope: (t["TrailARN"], t["Name"]),
    region=lambda t: t.get("HomeRegion"),
    config=fields({
        "is_multi_region": item("IsMultiRegionTrail", False),
        "is_organization_trail": item("IsOrganizationTrail", False),
        "include_global_service_events": item("IncludeGlobalServiceEvents", False),
        "log_file_validation": item("LogFileValidationEnabled", False),
        "s3_bucket": item("S3BucketName"),
        "kms_key": item("KmsKeyId"),
        "cloudwatch_log_group": item("CloudWatchLogsLogGroupArn"),
        "home_region": item("HomeRegion"),
    }),
    reads=(
        Read("status", Call("get_trail_status", params=_trail), "cloudtrail:GetTrailStatus",
             lambda r: {"IsLogging": bool(r.get("IsLogging"))}),
        Read("event_selectors", Call("get_event_selectors", params=lambda t: {"TrailName": t.id}),
             "cloudtrail:GetEventSelectors", lambda r: {"EventSelectors": r.get("EventSelectors") or [],
                        "AdvancedEventSelectors": r.get("AdvancedEventSelectors") or []}),
    ),
)

TYPES = (TRAIL,)
SCOPE_READS = {}
