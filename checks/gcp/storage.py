"""Cloud Storage checks. Pure functions over the snapshot; exposure logic lives in srmscan.analysis."""

from srmscan.analysis.gcs_exposure import PAP_POLICY, bucket_grants, prevention_enforcer
from srmscan.check import check, failed, passed

BUCKET = "gcp.storage.bucket"


@check(
    id="gcp.storage.bucket_public_access",
    title="Cloud Storage bucket is not readable or writable by anyone on the internet",
    severity="critical",
    resource_type=BUCKET,
    rationale="An IAM binding or ACL entry for allUsers or allAuthenticatedUsers exposes the data to the whole "
              "internet (or to every Google account); who may read the data is the customer's side of the model.",
    remediation="Remove the allUsers/allAuthenticatedUsers bindings and ACL entries, and enforce public access "
                "prevention (`gcloud storage buckets update gs://NAME --public-access-prevention`).",
    reads=("iam_policy", "acl", "default_object_acl", "uniform_bucket_level_access", "public_access_prevention",
           f"account.{PAP_POLICY}?"),
)
def bucket_public_access(bucket, snapshot):
    grants = bucket_grants(bucket.config)
    if not grants:
        return passed("no binding or ACL entry grants access to allUsers or allAuthenticatedUsers")
    enforcer = prevention_enforcer(bucket, snapshot)
    if enforcer:
        return passed(f"public grants exist but public access prevention is enforced by {enforcer}", voided=grants,
                      enforced_by=enforcer)
    access = sorted({a for g in grants for a in g["access"]})
    sources = ", ".join(sorted({g["source"] for g in grants}))
    conditional = " (some conditional)" if any("condition" in g for g in grants) else ""
    return failed(f"public {' and '.join(access)} access through {sources}{conditional}", access=access, grants=grants,
                  public_access_prevention=bucket.config["public_access_prevention"])


@check(
    id="gcp.storage.bucket_uniform_access",
    title="Cloud Storage bucket uses uniform bucket-level access",
    severity="medium",
    resource_type=BUCKET,
    rationale="With uniform bucket-level access, IAM alone decides access; legacy object and bucket ACLs cannot "
              "quietly share data.",
    remediation="`gcloud storage buckets update gs://NAME --uniform-bucket-level-access` after moving ACL grants to IAM.",
    reads=("uniform_bucket_level_access", "account.org_policy_storage_uniform_access?"),
)
def bucket_uniform_access(bucket, snapshot):
    if bucket.config["uniform_bucket_level_access"]:
        return passed("uniform bucket-level access is on")
    policy = snapshot.optional(bucket, "org_policy_storage_uniform_access")
    # The constraint makes new buckets use uniform access and stops buckets that have it from turning it off; an
    # existing bucket without it keeps its ACLs, so the bucket's own setting decides.
    return failed("uniform bucket-level access is off: legacy ACLs are in effect"
                  + (" (the organization policy storage.uniformBucketLevelAccess is enforced, but it binds only new "
                     "buckets and those already uniform)" if policy and policy.get("enforced") else ""))


@check(
    id="gcp.storage.bucket_public_access_prevention",
    title="Cloud Storage bucket enforces public access prevention",
    severity="medium",
    resource_type=BUCKET,
    rationale="Enforced public access prevention stops any future binding or ACL from making the data public.",
    remediation="`gcloud storage buckets update gs://NAME --public-access-prevention`, or enforce the "
                "storage.publicAccessPrevention organization policy.",
    reads=("public_access_prevention", f"account.{PAP_POLICY}?"),
)
def bucket_public_accessprevention_enforcer(bucket, snapshot):
    setting, enforcer = bucket.config["public_access_prevention"], prevention_enforcer(bucket, snapshot)
    if enforcer:
        return passed(f"public access prevention is enforced by {enforcer}", enforced_by=enforcer)
    read = snapshot.optional(bucket, PAP_POLICY) is not None
    return failed(f"public access prevention is '{setting}' on the bucket and "
                  + ("no organization policy enforces it on the project" if read else
                     "the project's organization policy was not read (scan with the orgpolicy service to count it)"),
                  public_access_prevention=setting)


@check(
    id="gcp.storage.bucket_versioning",
    title="Cloud Storage bucket keeps object versions",
    severity="medium",
    resource_type=BUCKET,
    rationale="Object versioning keeps noncurrent versions, so an overwrite or deletion can be undone.",
    remediation="`gcloud storage buckets update gs://NAME --versioning` with a lifecycle rule for old versions.",
    reads=("versioning",),
)
def bucket_versioning(bucket, snapshot):
    if bucket.config["versioning"]:
        return passed("object versioning is on")
    return failed("object versioning is off")


@check(
    id="gcp.storage.bucket_access_logging",
    title="Cloud Storage bucket has usage logging",
    severity="low",
    resource_type=BUCKET,
    rationale="Usage logs (or Data Access audit logs) record who read or changed objects; without them an exposure "
              "cannot be investigated.",
    remediation="`gcloud storage buckets update gs://NAME --log-bucket=gs://LOGS --log-object-prefix=NAME`, or enable "
                "Data Access audit logs for Cloud Storage.",
    reads=("logging",),
)
def bucket_access_logging(bucket, snapshot):
    logging = bucket.config["logging"]
    if logging and logging.get("logBucket"):
        return passed(f"usage logs go to bucket {logging['logBucket']}", log_bucket=logging["logBucket"])
    return failed("usage logging is not configured")


@check(
    id="gcp.storage.bucket_retention_policy",
    title="Cloud Storage bucket has a retention policy",
    severity="low",
    resource_type=BUCKET,
    rationale="A retention policy (locked for compliance data) stops objects from being deleted or replaced early.",
    remediation="`gcloud storage buckets update gs://NAME --retention-period=DURATION`, then lock it once settled.",
    reads=("retention_policy",),
)
def bucket_retention_policy(bucket, snapshot):
    policy = bucket.config["retention_policy"]
    if not policy:
        return failed("no retention policy")
    state = "locked" if policy["locked"] else "not locked"
    return passed(f"retention policy of {policy['retention_period_seconds']} s ({state})", **policy)


@check(
    id="gcp.storage.bucket_customer_managed_key",
    title="Cloud Storage bucket encrypts with a customer-managed key",
    severity="low",
    resource_type=BUCKET,
    rationale="Google encrypts every bucket; a Cloud KMS key you manage lets you control, audit and revoke access to "
              "the data independently of bucket IAM.",
    remediation="`gcloud storage buckets update gs://NAME --default-encryption-key=projects/P/locations/L/keyRings/R/cryptoKeys/K`.",
    reads=("default_kms_key",),
)
def bucket_customer_managed_key(bucket, snapshot):
    key = bucket.config["default_kms_key"]
    if key:
        return passed(f"default key {key}", kms_key=key)
    return failed("encrypted with Google-managed keys only")


@check(
    id="gcp.storage.bucket_soft_delete",
    title="Cloud Storage bucket keeps deleted objects (soft delete)",
    severity="low",
    resource_type=BUCKET,
    rationale="Soft delete keeps deleted objects recoverable for a retention window, a guard against mistakes and "
              "malicious deletion.",
    remediation="`gcloud storage buckets update gs://NAME --soft-delete-duration=7d`.",
    reads=("soft_delete_retention_seconds",),
)
def bucket_soft_delete(bucket, snapshot):
    seconds = bucket.config["soft_delete_retention_seconds"]
    if seconds:
        return passed(f"deleted objects are kept for {seconds // 86400} days", retention_seconds=seconds)
    return failed("soft delete is off: deleted objects cannot be recovered")


# Lifecycle conditions that select noncurrent versions (Cloud Storage's lifecycle configuration reference)
NONCURRENT_CONDITIONS = ("numNewerVersions", "daysSinceNoncurrentTime", "noncurrentTimeBefore")
ACTIONS = ("Delete", "SetStorageClass")


def _noncurrent(condition: dict) -> bool:
    return condition.get("isLive") is False or any(key in condition for key in NONCURRENT_CONDITIONS)


@check(
    id="gcp.storage.bucket_lifecycle",
    title="Cloud Storage bucket has lifecycle rules (and expires noncurrent versions when versioned)",
    severity="low",
    resource_type=BUCKET,
    rationale="Data kept past its use is data that can still leak; a versioned bucket without a rule for noncurrent "
              "versions keeps every overwritten and deleted object forever.",
    remediation="`gcloud storage buckets update gs://NAME --lifecycle-file=rules.json` with a Delete (or "
                "SetStorageClass) rule, and for a versioned bucket one on `daysSinceNoncurrentTime` or "
                "`numNewerVersions`.",
    reads=("lifecycle_rules", "versioning"),
)
def bucket_lifecycle(bucket, snapshot):
    rules = [r for r in bucket.config["lifecycle_rules"] if r["action"] in ACTIONS]
    if not rules:
        return failed("no lifecycle rule deletes or moves objects")
    if bucket.config["versioning"] and not any(_noncurrent(r["condition"]) for r in rules):
        return failed("versioned, but no lifecycle rule handles noncurrent versions: they are kept forever",
                      rules=len(rules))
    return passed(f"{len(rules)} lifecycle rule(s)" + (", noncurrent versions included" if bucket.config["versioning"]
                                                         else ""), rules=len(rules))
