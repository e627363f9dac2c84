"""S3: buckets (listed once, read in their own region) and the account's Block Public Access."""

from __future__ import annotations

from typing import Any

from srmscan.providers.aws.reads import GLOBAL, Kind, Listing, Read, without_metadata


def _ownership(response: dict) -> str | None:
    rules = response["OwnershipControls"]["Rules"]
    return rules[0]["ObjectOwnership"] if rules else None


def _acl(response: dict) -> dict[str, Any]:
    return {"Owner": response.get("Owner", {}), "Grants": response.get("Grants", [])}


def bucket_region(location_response: dict) -> str:
    """GetBucketLocation's answer: None means us-east-1, 'EU' is the legacy name of eu-west-1."""
    constraint = location_response.get("LocationConstraint")
    return {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(constraint, constraint)


def _bucket(bucket) -> dict:
    return {"Bucket": bucket.name}


BUCKET = Kind(
    type="aws.s3.bucket",
    service="s3",
    scope=GLOBAL,
    # With any parameter, ListBuckets pages (unpaged listing is refused above 10,000 buckets) and names
    # each bucket's region (BucketRegion), which saves a GetBucketLocation per bucket.
    listing=Listing("list_buckets", "s3:ListAllMyBuckets", lambda page: page.get("Buckets", []),
                    params={"MaxBuckets": 10000}),
    identity=lambda entry, scope: (f"arn:{scope.partition}:s3:::{entry['Name']}", entry["Name"]),
    fields={"creation_date": lambda entry: entry["CreationDate"].isoformat() if entry.get("CreationDate") else None},
    region_of=lambda entry: entry.get("BucketRegion"),  # ListBuckets gives it on AWS; else GetBucketLocation
    locate=Read("region", "get_bucket_location", "s3:GetBucketLocation", bucket_region, params=_bucket),
    reads=(
        Read("policy", "get_bucket_policy", "s3:GetBucketPolicy", lambda r: r["Policy"],
             frozenset({"NoSuchBucketPolicy"}), params=_bucket),
        # With ACLs disabled (BucketOwnerEnforced) S3 ignores every ACL grant: reading the ACL cannot change
        # a verdict, so it is read only for buckets whose ACLs are in effect (or whose ownership is unknown).
        Read("acl", "get_bucket_acl", "s3:GetBucketAcl", _acl, params=_bucket, needs=("ownership_controls",),
             applies=lambda bucket: bucket.config.get("ownership_controls") != "BucketOwnerEnforced",
             moot="ACLs are disabled (Object Ownership: BucketOwnerEnforced), so S3 ignores them"),
        Read("public_access_block", "get_public_access_block", "s3:GetBucketPublicAccessBlock",
             lambda r: r["PublicAccessBlockConfiguration"], frozenset({"NoSuchPublicAccessBlockConfiguration"}),
             params=_bucket),
        Read("encryption", "get_bucket_encryption", "s3:GetEncryptionConfiguration",
             lambda r: r["ServerSideEncryptionConfiguration"],
             frozenset({"ServerSideEncryptionConfigurationNotFoundError"}), params=_bucket),
        Read("versioning", "get_bucket_versioning", "s3:GetBucketVersioning", without_metadata, params=_bucket),
        Read("logging", "get_bucket_logging", "s3:GetBucketLogging", lambda r: r.get("LoggingEnabled"),
             params=_bucket),
        Read("ownership_controls", "get_bucket_ownership_controls", "s3:GetBucketOwnershipControls", _ownership,
             frozenset({"OwnershipControlsNotFoundError"}), params=_bucket),
    ),
)

KINDS = (BUCKET,)
ACCOUNT_READS = (
    Read("s3_public_access_block", "get_public_access_block", "s3:GetAccountPublicAccessBlock",
         lambda r: r["PublicAccessBlockConfiguration"], frozenset({"NoSuchPublicAccessBlockConfiguration"}),
         service="s3control", params=lambda account: {"AccountId": account.account}),
)
REGION_READS = ()
