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
    Read("policy", "get_bucket_policy", lambda r: r["Policy"], frozenset({"NoSuchBucketPolicy"})),
    Read("acl", "get_bucket_acl", _acl),
    Read("public_access_block", "get_public_access_block", lambda r: r["PublicAccessBlockConfiguration"],
         frozenset({"NoSuchPublicAccessBlockConfiguration"})),
    Read("encryption", "get_bucket_encryption", lambda r: r["ServerSideEncryptionConfiguration"],
         frozenset({"ServerSideEncryptionConfigurationNotFoundError"})),
    Read("versioning", "get_bucket_versioning", _without_metadata),
    Read("logging", "get_bucket_logging", lambda r: r.get("LoggingEnabled")),
    Read("ownership_controls", "get_bucket_ownership_controls", _ownership,
         frozenset({"OwnershipControlsNotFoundError"})),
)

# The IAM actions behind the reads above (README "Permissions" is derived from these).
PERMISSIONS = (
    "s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketAcl",
    "s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration", "s3:GetBucketVersioning",
    "s3:GetBucketLogging", "s3:GetBucketOwnershipControls", "s3:GetAccountPublicAccessBlock",
    "sts:GetCallerIdentity",
)


def bucket_region(location_response: dict) -> str:
    """GetBucketLocation's answer: None means us-east-1, 'EU' is the legacy name of eu-west-1."""
    constraint = location_response.get("LocationConstraint")
    return {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(constraint, constraint)


def bucket_arn(name: str, partition: str = "aws") -> str:
    return f"arn:{partition}:s3:::{name}"
