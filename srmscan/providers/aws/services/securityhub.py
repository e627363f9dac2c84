"""Security Hub (regional): whether the account is subscribed in each region."""

from srmscan.providers.aws.reads import Read

KINDS = ()
ACCOUNT_READS = ()
REGION_READS = (
    # InvalidAccessException: "Account is not subscribed to AWS Security Hub" -> not enabled (None).
    Read("security_hub", "describe_hub", "securityhub:DescribeHub",
         lambda r: {"HubArn": r.get("HubArn"), "SubscribedAt": r.get("SubscribedAt")},
         frozenset({"InvalidAccessException", "ResourceNotFoundException"}), service="securityhub"),
)
