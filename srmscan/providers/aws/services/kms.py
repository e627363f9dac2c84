"""KMS (regional): keys with their metadata; rotation status and key policy where they matter."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call
from srmscan.providers.declare import Listing, Read, ResourceType


def _key(key) -> dict:
    return {"KeyId": key.id}


def _customer_managed(key) -> bool:
    return (key.config.get("metadata") or {}).get("KeyManager") == "CUSTOMER"


def _rotation_applies(key) -> bool:
    """Rotation can only be judged (and only be on) for enabled symmetric customer-managed keys."""
    metadata = key.config.get("metadata") or {}
    return (metadata.get("KeyManager") == "CUSTOMER"
            and metadata.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
            and metadata.get("KeyState") == "Enabled" and metadata.get("Origin", "AWS_KMS") == "AWS_KMS")


METADATA_FIELDS = ("KeyId", "KeyManager", "KeySpec", "KeyUsage", "KeyState", "Origin", "Enabled", "MultiRegion")

KEY = ResourceType(
    type="aws.kms.key",
    service="kms",
    scope=REGIONAL,
    listing=Listing(Call("list_keys", params={"Limit": 1000}), "kms:ListKeys", lambda page: page.get("Keys", [])),
    identity=lambda k, scope: (k["KeyArn"], k["KeyId"]),
    reads=(
        Read("metadata", Call("describe_key", params=_key), "kms:DescribeKey",
             lambda r: {f: r["KeyMetadata"].get(f) for f in METADATA_FIELDS}),
        Read("rotation_enabled", Call("get_key_rotation_status", params=_key), "kms:GetKeyRotationStatus",
             lambda r: bool(r["KeyRotationEnabled"]), needs=("metadata",), applies=_rotation_applies,
             moot="automatic rotation applies only to enabled, symmetric, customer-managed keys with AWS key material"),
        Read("policy", Call("get_key_policy", params=lambda key: {"KeyId": key.id, "PolicyName": "default"}),
             "kms:GetKeyPolicy", lambda r: r["Policy"], needs=("metadata",), applies=_customer_managed,
             moot="an AWS-managed key: its policy is AWS's"),
    ),
)

TYPES = (KEY,)
SCOPE_READS = {}
