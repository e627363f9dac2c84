"""CIS AWS monitoring (section 4): is a class of CloudTrail events watched by a person?

The chain, link by link: a trail that is multi-region, logging and records the events -> its
CloudWatch Logs log group -> a metric filter on that group whose pattern matches every
representative event of the recommendation (semantically, see srmscan.analysis.log_filter) -> a
CloudWatch alarm on the filter's metric with an enabled action -> an SNS topic of that action with
at least one confirmed subscription. A verdict names the link that is missing.

The representative events are CloudTrail records (the fields the CIS patterns test) for every event
name each recommendation lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from srmscan.analysis.cloudtrail_selectors import records, selector_fields
from srmscan.analysis.log_filter import FilterSyntaxError, compile_pattern
from srmscan.check import first_found

TRAIL_TYPE = TRAIL = "aws.cloudtrail.trail"
# What the checks that look for a trail (account-, bucket- and region-level) read of the trails they judge.
TRAILS_JUDGED = ("region.cloudtrail_trail_listed", "trail.is_multi_region", "trail.home_region", "trail.status",
                 "trail.event_selectors")
REGION_TYPE = "aws.region"


def _calls(source: str, *names: str, **extra: Any) -> tuple[dict, ...]:
    return tuple({"eventVersion": "1.09", "eventSource": source, "eventName": name, "eventType": "AwsApiCall",
                  "readOnly": False, "sourceIPAddress": "198.51.100.7", "awsRegion": "us-east-1",
                  "userIdentity": {"type": "IAMUser", "userName": "someone"}, **extra} for name in names)


def _console_login(mfa: str, outcome: str, **extra: Any) -> dict:
    record = {"eventVersion": "1.09", "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin",
              "eventType": "AwsConsoleSignIn", "readOnly": False, "sourceIPAddress": "198.51.100.7",
              "userIdentity": {"type": "IAMUser", "userName": "someone"},
              "additionalEventData": {"MFAUsed": mfa}, "responseElements": {"ConsoleLogin": outcome}}
    record.update(extra)
    return record


EVENTS: dict[str, tuple[dict, ...]] = {
    "unauthorized_api_calls": (
        *_calls("ec2.amazonaws.com", "DescribeInstances", errorCode="Client.UnauthorizedOperation", readOnly=True),
        *_calls("ec2.amazonaws.com", "RunInstances", errorCode="UnauthorizedOperation"),
        *_calls("s3.amazonaws.com", "GetObject", errorCode="AccessDenied", readOnly=True),
        *_calls("iam.amazonaws.com", "CreateUser", errorCode="AccessDeniedException"),
    ),
    "console_signin_without_mfa": (_console_login("No", "Success"),),
    "root_usage": (
        *_calls("iam.amazonaws.com", "CreateAccessKey", userIdentity={"type": "Root"}),
        _console_login("No", "Success", userIdentity={"type": "Root"}),
    ),
    "iam_policy_changes": _calls(
        "iam.amazonaws.com", "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
        "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
        "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
        "AttachGroupPolicy", "DetachGroupPolicy"),
    "cloudtrail_changes": _calls("cloudtrail.amazonaws.com", "CreateTrail", "UpdateTrail", "DeleteTrail",
                                 "StartLogging", "StopLogging"),
    "console_authentication_failures": (_console_login("No", "Failure", errorMessage="Failed authentication"),),
    "cmk_disabled_or_deleted": _calls("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion"),
    "s3_bucket_policy_changes": _calls(
        "s3.amazonaws.com", "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle",
        "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle",
        "DeleteBucketReplication"),
    "config_changes": _calls("config.amazonaws.com", "StopConfigurationRecorder", "DeleteDeliveryChannel",
                             "PutDeliveryChannel", "PutConfigurationRecorder"),
    "security_group_changes": _calls(
        "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"),
    "network_acl_changes": _calls(
        "ec2.amazonaws.com", "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl",
        "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"),
    "network_gateway_changes": _calls(
        "ec2.amazonaws.com", "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway",
        "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"),
    "route_table_changes": _calls(
        "ec2.amazonaws.com", "CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation",
        "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"),
    "vpc_changes": _calls(
        "ec2.amazonaws.com", "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
        "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"),
    "organizations_changes": _calls(
        "organizations.amazonaws.com", "AcceptHandshake", "AttachPolicy", "CreateAccount",
        "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization",
        "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType",
        "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization",
        "UpdatePolicy", "UpdateOrganizationalUnit"),
}


@dataclass
class Monitoring:
    watched: bool
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    unjudged: list[str] = field(default_factory=list)   # patterns srmscan could not parse


def require_trails_listed(resource, snapshot) -> None:
    """Read every region's trail-listing outcome in `resource`'s account: when a listing failed, a FAIL
    ("no trail does X") cannot be proven, so this raises DataUnavailable and the result is ERROR."""
    for region in snapshot.in_account(resource, REGION_TYPE):
        region.config["cloudtrail_trail_listed"]


def event_label(event: dict) -> str:
    label = event["eventName"]
    if event.get("errorCode"):
        label += f" ({event['errorCode']})"
    if (event.get("userIdentity") or {}).get("type") == "Root":
        label += " by root"
    return label


def watched(account, snapshot, recommendation: str) -> Monitoring:
    """Follow the chain for one recommendation in `account`'s trails and regions."""
    events = EVENTS[recommendation]
    regions = {r.region: r for r in snapshot.in_account(account, REGION_TYPE)}
    trails = snapshot.in_account(account, TRAIL_TYPE)
    why_not: list[str] = []
    unjudged: list[str] = []

    def judge(trail):
        problems = _trail_problems(trail, events)
        if problems:
            why_not.append(f"trail {trail.name} {', '.join(problems)}")
            return None
        return _follow_log_group(trail, regions, events, why_not, unjudged)

    found = first_found(trails, judge)
    if found is not None:
        return Monitoring(True, f"watched: trail {found['trail']} -> filter {found['filter']} -> alarm "
                                f"{found['alarm']} -> topic {found['topic']} ({found['subscribers']} subscriber(s))",
                          found)
    if not trails:
        why_not.append("no CloudTrail trail")
    require_trails_listed(account, snapshot)
    why_not.sort(key=_depth, reverse=True)   # the link furthest along the chain first
    return Monitoring(False, "; ".join(why_not[:3]) + (f" (+{len(why_not) - 3} more)" if len(why_not) > 3 else ""),
                      {"why_not": why_not, "events": [event_label(e) for e in events]}, unjudged)


LINKS = ("trail ", "log group ", "no metric filter", "filter ", "no alarm", "alarm ", "topic ")


def _depth(reason: str) -> int:
    return max((i for i, prefix in enumerate(LINKS) if reason.startswith(prefix)), default=0)


def _trail_problems(trail, events: tuple[dict, ...]) -> list[str]:
    problems = []
    if not trail.config["is_multi_region"]:
        problems.append("is not multi-region")
    if not trail.config["status"]["IsLogging"]:
        problems.append("is not logging")
    not_recorded = [event_label(e) for e in events if not records(trail.config["event_selectors"], selector_fields(e))]
    if not_recorded:
        problems.append(f"does not record {', '.join(not_recorded[:3])}")
    if not trail.config["cloudwatch_log_group"]:
        problems.append("sends no logs to CloudWatch Logs")
    return problems


def log_group_of(arn: str) -> tuple[str, str]:
    """(region, log group name) of `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`."""
    parts = arn.split(":")
    if len(parts) < 7 or parts[5] != "log-group":
        raise ValueError(f"not a log group ARN: {arn}")
    return parts[3], parts[6]


def _follow_log_group(trail, regions: dict, events: tuple[dict, ...], why_not: list[str],
                      unjudged: list[str]) -> dict[str, Any] | None:
    region_name, group = log_group_of(trail.config["cloudwatch_log_group"])
    region = regions.get(region_name)
    if region is None:
        why_not.append(f"log group {group} of trail {trail.name} is in {region_name}, which was not scanned")
        return None
    filters = [f for f in region.config["metric_filters"] if f["logGroupName"] == group]
    if not filters:
        why_not.append(f"no metric filter on log group {group} (trail {trail.name})")
        return None
    covering, closest = [], None
    for metric_filter in filters:
        try:
            matches = compile_pattern(metric_filter["filterPattern"])
        except FilterSyntaxError as exc:
            unjudged.append(f"{metric_filter['filterName']}: {exc}")
            continue
        misses = [event_label(e) for e in events if not matches(e)]
        if not misses:
            covering.append(metric_filter)
        elif closest is None or len(misses) < len(closest[1]):
            closest = (metric_filter["filterName"], misses)
    if not covering and closest is not None:   # name the filter that comes closest, and what it misses
        name, misses = closest
        why_not.append(f"filter {name} on {group} (the closest of {len(filters)}) misses {', '.join(misses[:4])}"
                       + (f" and {len(misses) - 4} more" if len(misses) > 4 else ""))
    for metric_filter in covering:
        found = _follow_metric(metric_filter, region, regions, why_not)
        if found is not None:
            return {"trail": trail.name, "log_group": group, "filter": metric_filter["filterName"],
                    "pattern": metric_filter["filterPattern"], **found}
    return None


def _follow_metric(metric_filter: dict, region, regions: dict, why_not: list[str]) -> dict[str, Any] | None:
    for metric in metric_filter["metrics"]:
        alarms = [a for a in region.config["metric_alarms"]
                  if a["MetricName"] == metric["metricName"] and a["Namespace"] == metric["metricNamespace"]]
        if not alarms:
            why_not.append(f"no alarm on metric {metric['metricNamespace']}/{metric['metricName']} "
                           f"of filter {metric_filter['filterName']}")
        for alarm in alarms:
            topics = [a for a in alarm.get("AlarmActions") or [] if ":sns:" in a]
            if alarm.get("ActionsEnabled") is False or not topics:
                why_not.append(f"alarm {alarm['AlarmName']} notifies no SNS topic")
                continue
            for topic in topics:
                topic_region = regions.get(topic.split(":")[3])
                if topic_region is None:
                    why_not.append(f"topic {topic} is in a region that was not scanned")
                    continue
                subscribers = [s for s in topic_region.config["sns_subscriptions"]
                               if s["TopicArn"] == topic and str(s.get("SubscriptionArn", "")).startswith("arn:")]
                if subscribers:
                    return {"metric": f"{metric['metricNamespace']}/{metric['metricName']}",
                            "alarm": alarm["AlarmName"], "topic": topic, "subscribers": len(subscribers)}
                why_not.append(f"topic {topic} of alarm {alarm['AlarmName']} has no confirmed subscriber")
    return None
