"""S3: buckets (listed once, read in their own region) and the account's Block Public Access."""

from __future__ import annotations

from typing import Any

from srmscan.providers.aws.declare import ACCOUNT_TYPE, GLOBAL, Call, fields, without_metadata
from srmscan.providers.declare import Listing, Read, ResourceType


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


BUCKET = ResourceType(
    type="aws.s3.bucket",
    service="s3",
    scope=GLOBAL,
    # With any parameter, ListBuckets pages (unpaged listing is refused above 10,000 buckets) and names
    # each bucket's region (BucketRegion), which saves a GetBucketLocation per bucket.
    listing=Listing(Call("list_buckets", params={"MaxBuckets": 10000}), "s3:ListAllMyBuckets",
                    lambda page: page.get("Buckets", [])),
    identity=lambda entry, scope: (f"arn:{scope.partition}:s3:::{entry['Name']}", entry["Name"]),
    config=fields({"creation_date": lambda entry: entry["CreationDate"].isoformat() if entry.get("CreationDate")
                   else None}),
    region=lambda entry: entry.get("BucketRegion"),  # ListBuckets gives it on AWS; else GetBucketLocation
    locate=Read("region", Call("get_bucket_location", params=_bucket), "s3:GetBucketLocation", bucket_region),
    reads=(
        Read("policy", Call("get_bucket_policy", params=_bucket), "s3:GetBucketPolicy", lambda r: r["Policy"],
             frozenset({"NoSuchBucketPolicy"})),
        # With ACLs disabled (BucketOwnerEnforced) S3 ignores every ACL grant: reading the ACL cannot change
        # a verdict, so it is read only for buckets whose ACLs are in effect (or whose ownership is unknown).
        Read("acl", Call("get_bucket_acl", params=_bucket), "s3:GetBucketAcl", _acl, needs=("ownership_controls",),
             applies=lambda bucket: bucket.config.get("ownership_controls") != "BucketOwnerEnforced",
             moot="ACLs are disabled (Object Ownership: BucketOwnerEnforced), so S3 ignores them"),
        Read("public_access_block", Call("get_public_access_block", params=_bucket), "s3:GetBucketPublicAccessBlock",
             lambda r: r["PublicAccessBlockConfiguration"], frozenset({"NoSuchPublicAccessBlockConfiguration"})),
        Read("encryption", Call("get_bucket_encryption", params=_bucket), "s3:GetEncryptionConfiguration",
             lambda r: r["ServerSideEncryptionConfiguration"],
             frozenset({"ServerSideEncryptionConfigurationNotFoundError"})),
        Read("versioning", Call("get_bucket_versioning", params=_bucket), "s3:GetBucketVersioning", without_metadata),
        Read("logging", Call("get_bucket_logging", params=_bucket), "s3:GetBucketLogging",
             lambda r: r.get("LoggingEnabled")),
        Read("lifecycle", Call("get_bucket_lifecycle_configuration", params=_bucket), "s3:GetLifecycleConfiguration",
             lambda r: [{"id": rule.get("ID"), "enabled": rule.get("Status") == "Enabled"} for rule in r.get("Rules", [])],
             frozenset({"NoSuchLifecycleConfiguration"})),
        Read("ownership_controls", Call("get_bucket_ownership_controls", params=_bucket),
             "s3:GetBucketOwnershipControls", _ownership, frozenset({"OwnershipControlsNotFoundError"})),
    ),
)



TYPES = (BUCKET,)
SCOPE_READS = {ACCOUNT_TYPE: (
    Read("s3_public_access_block",
         Call("get_public_access_block", service="s3control", params=lambda account: {"AccountId": account.account}),
         "s3:GetAccountPublicAccessBlock", lambda r: r["PublicAccessBlockConfiguration"],
         frozenset({"NoSuchPublicAccessBlockConfiguration"})),
)}
