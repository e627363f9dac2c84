"""Security Hub (regional): whether the account is subscribed in each region."""

from srmscan.providers.aws.declare import REGION_TYPE, Call
from srmscan.providers.declare import Read

TYPES = ()
SCOPE_READS = {REGION_TYPE: (
    # InvalidAccessException: "Account is not subscribed to AWS Security Hub" -> not enabled (None).
    Read("security_hub", Call("describe_hub", service="securityhub"), "securityhub:DescribeHub",
         lambda r: {"HubArn": r.get("HubArn"), "SubscribedAt": r.get("SubscribedAt")},
         frozenset({"InvalidAccessException", "ResourceNotFoundException"})),
)}
