"""What srmscan reads about each S3 bucket, and how to turn each answer into config."""

from __future__ import annotations

from typing import Any

from srmscan.providers.aws.reads import Read

BUCKET_TYPE = "aws.s3.bucket"


def _without_metadata(response: dict) -> dict:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def _ownership(response: dict) -> str | None:
    rules = response["OwnershipControls"]["Rules"]
    return rules[0]["ObjectOwnership"] if rules else None


def _acl(response: dict) -> dict[str, Any]:
    return {"Owner": response.get("Owner", {}), "Grants": response.get("Grants", [])}


BUCKET_READS = (
    Read("policy", "get_bucket_policy", "s3:GetBucketPolicy", lambda r: r["Policy"],
         frozenset({"NoSuchBucketPolicy"})),
    Read("acl", "get_bucket_acl", "s3:GetBucketAcl", _acl),
    Read("public_access_block", "get_public_access_block", "s3:GetBucketPublicAccessBlock",
         lambda r: r["PublicAccessBlockConfiguration"], frozenset({"NoSuchPublicAccessBlockConfiguration"})),
    Read("encryption", "get_bucket_encryption", "s3:GetEncryptionConfiguration",
         lambda r: r["ServerSideEncryptionConfiguration"],
         frozenset({"ServerSideEncryptionConfigurationNotFoundError"})),
    Read("versioning", "get_bucket_versioning", "s3:GetBucketVersioning", _without_metadata),
    Read("logging", "get_bucket_logging", "s3:GetBucketLogging", lambda r: r.get("LoggingEnabled")),
    Read("ownership_controls", "get_bucket_ownership_controls", "s3:GetBucketOwnershipControls", _ownership,
         frozenset({"OwnershipControlsNotFoundError"})),
)
ACCOUNT_READS = (
    Read("s3_public_access_block", "get_public_access_block", "s3:GetAccountPublicAccessBlock",
         lambda r: r["PublicAccessBlockConfiguration"], frozenset({"NoSuchPublicAccessBlockConfiguration"})),
)
# Calls made outside the Read tables (listing, locating, identifying the account).
OTHER_PERMISSIONS = ("s3:ListAllMyBuckets", "s3:GetBucketLocation", "sts:GetCallerIdentity")
# Keys recorded outside the Read tables: the listing's creation date; "region" when locating failed.
BUCKET_LISTED_KEYS = ("creation_date", "region")
ACCOUNT_TYPE = "aws.account"


def resource_types() -> dict[str, frozenset[str]]:
    """The resource types the AWS adapter produces, with the config keys it records on each."""
    return {
        ACCOUNT_TYPE: frozenset(r.key for r in ACCOUNT_READS),
        BUCKET_TYPE: frozenset(r.key for r in BUCKET_READS) | frozenset(BUCKET_LISTED_KEYS),
    }


def permissions() -> list[str]:
    """Every IAM action the AWS adapter needs: the read-only policy printed in the README."""
    return sorted({r.permission for r in BUCKET_READS + ACCOUNT_READS} | set(OTHER_PERMISSIONS))


def bucket_region(location_response: dict) -> str:
    """GetBucketLocation's answer: None means us-east-1, 'EU' is the legacy name of eu-west-1."""
    constraint = location_response.get("LocationConstraint")
    return {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(constraint, constraint)


def bucket_arn(name: str, partition: str = "aws") -> str:
    return f"arn:{partition}:s3:::{name}"
