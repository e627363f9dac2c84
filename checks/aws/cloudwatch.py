"""Monitoring (CIS AWS Foundations section 4): each class of events must reach a person through
trail -> log group -> metric filter -> alarm -> SNS subscriber (srmscan.analysis.aws_monitoring)."""

from srmscan.analysis.aws_monitoring import watched
from srmscan.check import check, failed, passed, undetermined

READS = ("region.metric_filters", "region.metric_alarms", "region.sns_subscriptions", "region.cloudtrail_trail_listed",
         "trail.is_multi_region", "trail.status", "trail.event_selectors", "trail.cloudwatch_log_group")


REMEDIATION = ("On the log group of a multi-region, logging trail: a metric filter matching {what}, an alarm on its "
               "metric (threshold >= 1), and an SNS topic with a confirmed subscriber as the alarm action.")


def _verdict(account, snapshot, recommendation: str):
    result = watched(account, snapshot, recommendation)
    if result.watched:
        return passed(result.message, **result.evidence)
    if result.unjudged:
        return undetermined(f"{result.message}; could not parse filter pattern(s): {'; '.join(result.unjudged)}",
                            **result.evidence)
    return failed(result.message, **result.evidence)


def _monitoring_check(recommendation: str, title: str, what: str, rationale: str, severity: str = "medium"):
    @check(id=f"aws.cloudwatch.{recommendation}_monitored", title=title, severity=severity,
           resource_type="aws.account", reads=READS, rationale=rationale, remediation=REMEDIATION.format(what=what))
    def monitored(account, snapshot):
        return _verdict(account, snapshot, recommendation)

    monitored.__name__ = f"{recommendation}_monitored"
    return monitored


unauthorized_api_calls = _monitoring_check(
    "unauthorized_api_calls", "Unauthorized API calls are monitored", "errorCode *UnauthorizedOperation or AccessDenied*",
    "Bursts of denied calls are the first sign of a stolen credential probing what it can do.")


console_signin_without_mfa = _monitoring_check(
    "console_signin_without_mfa", "Console sign-in without MFA is monitored",
    "ConsoleLogin with additionalEventData.MFAUsed != Yes",
    "A sign-in without MFA is the weakest way into the console and should be seen.")


root_usage = _monitoring_check(
    "root_usage", "Usage of the root user is monitored", "userIdentity.type Root, not invoked by a service",
    "The root user can do anything and should almost never act; each use deserves a look.", severity="high")


iam_policy_changes = _monitoring_check(
    "iam_policy_changes", "IAM policy changes are monitored", "the IAM policy create/put/attach/detach/delete events",
    "Policy changes are how privileges are escalated.")


cloudtrail_changes = _monitoring_check(
    "cloudtrail_changes", "CloudTrail configuration changes are monitored",
    "CreateTrail, UpdateTrail, DeleteTrail, StartLogging, StopLogging",
    "Turning the audit trail off is what an intruder does first.")


console_authentication_failures = _monitoring_check(
    "console_authentication_failures", "Console authentication failures are monitored",
    "ConsoleLogin with errorMessage 'Failed authentication'", "Repeated failures reveal password guessing.", "low")


cmk_disabled_or_deleted = _monitoring_check(
    "cmk_disabled_or_deleted", "Disabling or scheduled deletion of KMS keys is monitored",
    "kms DisableKey and ScheduleKeyDeletion", "A disabled or deleted key makes the data it protects unreadable.")


s3_bucket_policy_changes = _monitoring_check(
    "s3_bucket_policy_changes", "S3 bucket policy changes are monitored",
    "PutBucketAcl/Policy/Cors/Lifecycle/Replication and their deletions",
    "A bucket policy change can expose data to the internet in one call.")


config_changes = _monitoring_check(
    "config_changes", "AWS Config configuration changes are monitored",
    "StopConfigurationRecorder, DeleteDeliveryChannel, PutDeliveryChannel, PutConfigurationRecorder",
    "Stopping Config blinds the configuration history.", "low")


security_group_changes = _monitoring_check(
    "security_group_changes", "Security group changes are monitored",
    "the security group create/delete/authorize/revoke events", "Security group changes open and close network paths.")


network_acl_changes = _monitoring_check(
    "network_acl_changes", "Network ACL changes are monitored", "the network ACL and entry create/delete/replace events",
    "NACL changes open and close network paths for whole subnets.", "low")


network_gateway_changes = _monitoring_check(
    "network_gateway_changes", "Network gateway changes are monitored",
    "customer and internet gateway create/delete/attach/detach events",
    "A new gateway is a new way in or out of the network.", "low")


route_table_changes = _monitoring_check(
    "route_table_changes", "Route table changes are monitored", "route and route table create/replace/delete events",
    "Route changes can send traffic through an attacker's path.", "low")


vpc_changes = _monitoring_check(
    "vpc_changes", "VPC changes are monitored", "VPC, peering and ClassicLink create/modify/delete events",
    "VPC and peering changes alter what can reach what.", "low")


organizations_changes = _monitoring_check(
    "organizations_changes", "AWS Organizations changes are monitored",
    "organizations.amazonaws.com account, OU, policy and handshake changes",
    "Organization changes move accounts and service control policies.", "low")
