"""CloudTrail (regional listing): every trail the account has or receives, recorded once in its home
region, with its status and event selectors."""

from __future__ import annotations

from srmscan.providers.aws.reads import REGIONAL, Kind, Listing, Read, item


def _trail(trail) -> dict:
    return {"Name": trail.id}


TRAIL = Kind(
    type="aws.cloudtrail.trail",
    service="cloudtrail",
    scope=REGIONAL,
    # includeShadowTrails: a multi-region or organization trail is seen from every region it covers
    # (that is how a member account sees its organization's trail); the collector keeps each trail once.
    listing=Listing("describe_trails", "cloudtrail:DescribeTrails", lambda page: page.get("trailList", []),
                    params={"includeShadowTrails": True}),
    identity=lambda t, scope: (t["TrailARN"], t["Name"]),
    region_of=lambda t: t.get("HomeRegion"),
    fields={
        "is_multi_region": item("IsMultiRegionTrail", False),
        "is_organization_trail": item("IsOrganizationTrail", False),
        "include_global_service_events": item("IncludeGlobalServiceEvents", False),
        "log_file_validation": item("LogFileValidationEnabled", False),
        "s3_bucket": item("S3BucketName"),
        "kms_key": item("KmsKeyId"),
        "cloudwatch_log_group": item("CloudWatchLogsLogGroupArn"),
        "home_region": item("HomeRegion"),
    },
    reads=(
        Read("status", "get_trail_status", "cloudtrail:GetTrailStatus",
             lambda r: {"IsLogging": bool(r.get("IsLogging"))}, params=_trail),
        Read("event_selectors", "get_event_selectors", "cloudtrail:GetEventSelectors",
             lambda r: {"EventSelectors": r.get("EventSelectors") or [],
                        "AdvancedEventSelectors": r.get("AdvancedEventSelectors") or []},
             params=lambda t: {"TrailName": t.id}),
    ),
)

KINDS = (TRAIL,)
ACCOUNT_READS = ()
REGION_READS = ()
