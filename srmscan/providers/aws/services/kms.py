"""KMS (regional): keys with their metadata; rotation status and key policy where they matter."""

from __future__ import annotations

from srmscan.providers.aws.reads import REGIONAL, Kind, Listing, Read


def _key(key) -> dict:
    return {"KeyId": key.id}


def _customer_managed(key) -> bool:
    return (key.config.get("metadata") or {}).get("KeyManager") == "CUSTOMER"


def _rotation_applies(key) -> bool:
    """Rotation can only be judged (and only be on) for enabled symmetric customer-managed keys."""
    metadata = key.config.get("metadata") or {}
    return (metadata.get("KeyManager") == "CUSTOMER" and metadata.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
            and metadata.get("KeyState") == "Enabled" and metadata.get("Origin", "AWS_KMS") == "AWS_KMS")


METADATA_FIELDS = ("KeyId", "KeyManager", "KeySpec", "KeyUsage", "KeyState", "Origin", "Enabled", "MultiRegion")

KEY = Kind(
    type="aws.kms.key",
    service="kms",
    scope=REGIONAL,
    listing=Listing("list_keys", "kms:ListKeys", lambda page: page.get("Keys", []), params={"Limit": 1000}),
    identity=lambda k, scope: (k["KeyArn"], k["KeyId"]),
    reads=(
        Read("metadata", "describe_key", "kms:DescribeKey",
             lambda r: {f: r["KeyMetadata"].get(f) for f in METADATA_FIELDS}, params=_key),
        Read("rotation_enabled", "get_key_rotation_status", "kms:GetKeyRotationStatus",
             lambda r: bool(r["KeyRotationEnabled"]), params=_key, needs=("metadata",), applies=_rotation_applies,
             moot="automatic rotation applies only to enabled, symmetric, customer-managed keys with AWS key material"),
        Read("policy", "get_key_policy", "kms:GetKeyPolicy", lambda r: r["Policy"],
             params=lambda key: {"KeyId": key.id, "PolicyName": "default"}, needs=("metadata",),
             applies=_customer_managed, moot="an AWS-managed key: its policy is AWS's"),
    ),
)

KINDS = (KEY,)
ACCOUNT_READS = ()
REGION_READS = ()
