"""Secrets Manager (regional): secrets' rotation and use (from the listing; never a secret's value) and
each secret's resource policy."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _when(name: str):
    """A date of the listed secret as ISO 8601 text (None when the secret has none)."""
    return lambda s: s[name].isoformat() if s.get(name) is not None else None

SECRET = ResourceType(
    type="aws.secretsmanager.secret",
    service="secretsmanager",
    scope=REGIONAL,
    listing=Listing(Call("list_secrets", params={"MaxResults": 100}), "secretsmanager:ListSecrets",
                    lambda page: page.get("SecretList", [])),
    identity=lambda s, scope: (s["ARN"], s["Name"]),
    config=fields({"rotation_enabled": item("RotationEnabled", False),
                   "rotation_days": lambda s: (s.get("RotationRules") or {}).get("AutomaticallyAfterDays"),
                   "created": _when("CreatedDate"), "last_rotated": _when("LastRotatedDate"),
                   "last_accessed": _when("LastAccessedDate"), "kms_key": item("KmsKeyId")}),
    reads=(
        Read("policy", Call("get_resource_policy", params=lambda secret: {"SecretId": secret.id}),
             "secretsmanager:GetResourcePolicy", lambda r: r.get("ResourcePolicy")),
    ),
)

TYPES = (SECRET,)
SCOPE_READS: dict = {}
