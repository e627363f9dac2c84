"""S3 (CIS AWS 2.1 and 3.8/3.9): public access, Block Public Access, TLS, versioning, MFA delete, logging,
ACLs, encryption, and object-level CloudTrail logging."""

from srmscan.analysis.aws_monitoring import TRAIL, TRAILS_JUDGED, require_trails_listed
from srmscan.analysis.aws_policy import PolicyError, denies_insecure_transport, foreign_grants
from srmscan.analysis.cloudtrail_selectors import records, s3_object_event
from srmscan.analysis.s3_exposure import BPA_FLAGS, block_setting, bucket_exposure
from srmscan.check import check, failed, first_found, judged, passed, undetermined

BUCKET = "aws.s3.bucket"


KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


ALGORITHM_NAMES = {None: "SSE-S3 (S3-managed keys, the default)", "AES256": "SSE-S3 (S3-managed keys)"}


@check(
    id="aws.s3.bucket_public_access",
    title="S3 bucket is not readable or writable by anyone on the internet",
    severity="critical",
    resource_type=BUCKET,
    rationale="A bucket policy or ACL that grants everyone access exposes the data to the whole internet; "
              "deciding who may reach the data is the customer's side of the shared responsibility model.",
    remediation="Remove the public statement or grant, or turn on Block Public Access (RestrictPublicBuckets, "
                "IgnorePublicAcls) at bucket or account level; serve public content through CloudFront with OAC.",
    reads=("policy", "acl", "public_access_block", "ownership_controls", "account.s3_public_access_block"),
)
def bucket_public_access(bucket, snapshot):
    try:
        exposure = bucket_exposure(bucket.config,
                                   lambda: snapshot.account(bucket).config["s3_public_access_block"])
    except PolicyError as exc:
        return undetermined(f"cannot judge the bucket policy: {exc}")
    if exposure.grants:
        return failed(f"public {' and '.join(exposure.access)} access through "
                      f"{', '.join(sorted({g['source'] for g in exposure.grants}))}",
                      access=exposure.access, grants=exposure.grants, voided=exposure.voided)
    if exposure.voided:
        return passed("public grants exist but Block Public Access neutralises them", voided=exposure.voided)
    return passed("no public grant in the bucket policy or ACL")


@check(
    id="aws.s3.account_public_access_block",
    title="S3 Block Public Access is fully on for the account",
    severity="high",
    resource_type="aws.account",
    rationale="The account-level Block Public Access settings stop any bucket, present or future, from being "
              "made public by a policy or ACL mistake.",
    remediation="Turn on all four settings: `aws s3control put-public-access-block --account-id ID "
                "--public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
                "BlockPublicPolicy=true,RestrictPublicBuckets=true`.",
    reads=("s3_public_access_block",),
)
def account_public_access_block(account, snapshot):
    settings = account.config["s3_public_access_block"]
    off = [flag for flag in BPA_FLAGS if not block_setting(settings, flag)]
    if off:
        return failed(f"account-level Block Public Access is off for: {', '.join(off)}",
                      settings=settings, off=off)
    return passed("all four account-level Block Public Access settings are on", settings=settings)


@check(
    id="aws.s3.bucket_public_access_block",
    title="S3 bucket has Block Public Access fully on (bucket or account level)",
    severity="medium",
    resource_type=BUCKET,
    rationale="With all four Block Public Access settings in force, a later policy or ACL change cannot make "
              "the bucket public.",
    remediation="Turn on all four bucket-level settings with `aws s3api put-public-access-block`, or turn them "
                "on for the whole account.",
    reads=("public_access_block", "account.s3_public_access_block"),
)
def bucket_public_access_block(bucket, snapshot):
    own = bucket.config["public_access_block"]
    missing = [flag for flag in BPA_FLAGS if not block_setting(own, flag)]
    if missing:
        account = snapshot.account(bucket).config["s3_public_access_block"]
        missing = [flag for flag in missing if not block_setting(account, flag)]
    if missing:
        return failed(f"Block Public Access is off at bucket and account level for: {', '.join(missing)}",
                      off=missing, bucket_settings=own)
    return passed("all four Block Public Access settings are in force", bucket_settings=own)


@check(
    id="aws.s3.bucket_secure_transport",
    title="S3 bucket policy denies requests that do not use TLS",
    severity="medium",
    resource_type=BUCKET,
    rationale="Without a Deny on aws:SecureTransport=false, clients may read and write the data over plain HTTP.",
    remediation="Add a statement: Effect Deny, Principal *, Action s3:*, Resource the bucket and bucket/*, "
                "Condition Bool aws:SecureTransport false.",
    reads=("policy",),
)
def bucket_secure_transport(bucket, snapshot):
    try:
        statement = denies_insecure_transport(bucket.config["policy"])
    except PolicyError as exc:
        return undetermined(f"cannot judge the bucket policy: {exc}")
    if statement:
        return passed(f"policy statement {statement} denies non-TLS requests", statement=statement)
    return failed("no bucket policy statement denies requests made without TLS (aws:SecureTransport=false)")


@check(
    id="aws.s3.bucket_versioning",
    title="S3 bucket versioning is enabled",
    severity="medium",
    resource_type=BUCKET,
    rationale="Versioning keeps earlier versions of objects, so an overwrite, deletion or ransomware "
              "encryption can be undone.",
    remediation="`aws s3api put-bucket-versioning --bucket NAME --versioning-configuration Status=Enabled`.",
    reads=("versioning",),
)
def bucket_versioning(bucket, snapshot):
    status = bucket.config["versioning"].get("Status")
    if status == "Enabled":
        return passed("versioning is enabled", status=status)
    return failed(f"versioning is {(status or 'never enabled').lower()}", status=status)


@check(
    id="aws.s3.bucket_mfa_delete",
    title="S3 bucket requires MFA to delete object versions",
    severity="low",
    resource_type=BUCKET,
    rationale="MFA delete stops a stolen credential alone from permanently deleting object versions or "
              "suspending versioning.",
    remediation="As the root user with MFA: `aws s3api put-bucket-versioning --bucket NAME "
                "--versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'SERIAL CODE'`.",
    reads=("versioning",),
)
def bucket_mfa_delete(bucket, snapshot):
    mfa_delete = bucket.config["versioning"].get("MFADelete")
    if mfa_delete == "Enabled":
        return passed("MFA delete is enabled")
    return failed("MFA delete is not enabled", mfa_delete=mfa_delete)


@check(
    id="aws.s3.bucket_access_logging",
    title="S3 bucket server access logging is enabled",
    severity="low",
    resource_type=BUCKET,
    rationale="Access logs record who read or changed which object; without them an exposure cannot be "
              "investigated.",
    remediation="Enable server access logging to a separate log bucket (`aws s3api put-bucket-logging`), "
                "or log data events with CloudTrail.",
    reads=("logging",),
)
def bucket_access_logging(bucket, snapshot):
    logging = bucket.config["logging"]
    if logging and logging.get("TargetBucket"):
        return passed(f"access logs go to bucket {logging['TargetBucket']}", target_bucket=logging["TargetBucket"],
                      target_prefix=logging.get("TargetPrefix", ""))
    return failed("server access logging is not enabled")


@check(
    id="aws.s3.bucket_acls_disabled",
    title="S3 bucket ACLs are disabled (Object Ownership: bucket owner enforced)",
    severity="medium",
    resource_type=BUCKET,
    rationale="With ACLs disabled, access is decided by policies alone, and no object ACL can quietly share data.",
    remediation="`aws s3api put-bucket-ownership-controls --bucket NAME --ownership-controls "
                "Rules=[{ObjectOwnership=BucketOwnerEnforced}]` after moving any ACL-based access to policies.",
    reads=("ownership_controls",),
)
def bucket_acls_disabled(bucket, snapshot):
    ownership = bucket.config["ownership_controls"]
    if ownership == "BucketOwnerEnforced":
        return passed("ACLs are disabled (BucketOwnerEnforced)", object_ownership=ownership)
    return failed(f"ACLs are in effect (Object Ownership: {ownership or 'not set, ObjectWriter'})",
                  object_ownership=ownership)


@check(
    id="aws.s3.bucket_encryption_customer_key",
    title="S3 bucket default encryption uses a customer-managed KMS key",
    severity="low",
    resource_type=BUCKET,
    rationale="S3 encrypts every object by default with S3-managed keys; choosing a KMS key you manage lets you "
              "control, audit and revoke access to the data independently of S3 permissions.",
    remediation="Set default encryption to SSE-KMS (or DSSE-KMS) with a customer-managed key and enable "
                "S3 Bucket Keys.",
    reads=("encryption",),
)
def bucket_encryption_customer_key(bucket, snapshot):
    rules = (bucket.config["encryption"] or {}).get("Rules") or []
    defaults = [r.get("ApplyServerSideEncryptionByDefault") or {} for r in rules]
    algorithm = next((d.get("SSEAlgorithm") for d in defaults if d.get("SSEAlgorithm")), None)
    key = next((d.get("KMSMasterKeyID") for d in defaults if d.get("KMSMasterKeyID")), None)
    if algorithm not in KMS_ALGORITHMS:
        return failed(f"default encryption is {ALGORITHM_NAMES.get(algorithm, algorithm)}, not a KMS key you manage",
                      algorithm=algorithm or "AES256")
    if not key or key.endswith("alias/aws/s3"):
        return failed(f"{algorithm} uses the AWS managed key aws/s3, whose policy you cannot manage",
                      algorithm=algorithm, kms_key=key)
    return passed(f"{algorithm} with KMS key {key}", algorithm=algorithm, kms_key=key)


def _object_logging(bucket, snapshot, write: bool):
    partition = bucket.id.split(":")[1]
    event = s3_object_event(bucket.name, partition, write)

    def judge(trail):
        return (trail.config["status"]["IsLogging"]
                and (trail.config["is_multi_region"] or trail.config["home_region"] == bucket.region)
                and records(trail.config["event_selectors"], event) and trail)

    trail = first_found(snapshot.in_account(bucket, TRAIL), judge)
    kind = "write" if write else "read"
    if trail:
        return passed(f"object-level {kind} events are logged by trail {trail.name}", trail=trail.name)
    require_trails_listed(bucket, snapshot)
    return failed(f"no logging trail records object-level {kind} events ({event['eventName']}) of this bucket")


@check(id="aws.s3.bucket_object_write_logging", title="Object-level write events of the bucket are logged",
       severity="low", resource_type="aws.s3.bucket", reads=TRAILS_JUDGED,
       rationale="Without data events, who wrote or deleted an object is not recorded.",
       remediation="Add a data event selector for AWS::S3::Object (this bucket or all buckets, write events) to a "
                   "logging multi-region trail.")
def bucket_object_write_logging(bucket, snapshot):
    return _object_logging(bucket, snapshot, write=True)


@check(id="aws.s3.bucket_object_read_logging", title="Object-level read events of the bucket are logged",
       severity="low", resource_type="aws.s3.bucket", reads=TRAILS_JUDGED,
       rationale="Without data events, who read an object is not recorded: an exfiltration leaves no trace.",
       remediation="Add a data event selector for AWS::S3::Object (this bucket or all buckets, read events) to a "
                   "logging multi-region trail.")
def bucket_object_read_logging(bucket, snapshot):
    return _object_logging(bucket, snapshot, write=False)


# Security Hub S3.6's default list: what lets another account take over the bucket's access or encryption
CONTROL_ACTIONS = frozenset({"s3:deletebucketpolicy", "s3:putbucketacl", "s3:putbucketpolicy",
                             "s3:putencryptionconfiguration", "s3:putobjectacl"})


@check(id="aws.s3.bucket_no_foreign_control", title="S3 bucket policies do not let other accounts change the bucket's "
       "access or encryption", severity="high", resource_type=BUCKET, reads=("policy",),
       rationale="An account allowed to rewrite the bucket policy or ACLs, or its encryption, can open the data to "
                 "itself or anyone; only the owning account should hold those rights.",
       remediation="Remove s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl and "
                   "s3:PutEncryptionConfiguration from statements whose principal is another account (or anyone).")
def bucket_no_foreign_control(bucket, snapshot):
    try:
        grants = foreign_grants(bucket.config["policy"], bucket.account, CONTROL_ACTIONS)
    except PolicyError as exc:
        return undetermined(f"cannot judge the bucket policy: {exc}")
    return judged(not grants, "no other account may change the bucket's policy, ACLs or encryption",
                  "other accounts may " + "; ".join(f"{', '.join(g['actions'])} ({g['principal']})" for g in grants),
                  grants=grants)


@check(id="aws.s3.bucket_lifecycle", title="S3 buckets have a lifecycle configuration", severity="low",
       resource_type=BUCKET, reads=("lifecycle",),
       rationale="Lifecycle rules expire or archive what is no longer needed, so old data (and its exposure) does "
                 "not pile up forever.",
       remediation="Add a lifecycle configuration with at least one enabled rule (expiration or transition).")
def bucket_lifecycle(bucket, snapshot):
    rules = bucket.config["lifecycle"] or []
    enabled = [r["id"] for r in rules if r["enabled"]]
    return judged(enabled, f"{len(enabled)} enabled lifecycle rule(s)",
                  "lifecycle rules exist but none is enabled" if rules else "no lifecycle configuration", rules=enabled)

