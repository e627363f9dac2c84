"""Sensitive Data Protection profiles (data classification): data its discovery service found highly sensitive,
joined with how exposed that data is now. The exposure comes from srmscan's own reading of the dataset, table or
bucket when it was scanned too (the exact public-access and key verdicts), else from what the profiler saw."""

from srmscan.analysis.gcs_exposure import PAP_POLICY, publicly_reachable
from srmscan.check import check, failed, passed, undetermined

TABLE_PROFILE = "gcp.dlp.table_profile"
FILE_STORE_PROFILE = "gcp.dlp.file_store_profile"
HIGH = "SENSITIVITY_HIGH"


def _named(snapshot, profile, resource_type: str, name: str):
    return next((r for r in snapshot.in_account(profile, resource_type) if r.name == name), None)


def _found(profile) -> str:
    types = profile.config["info_types"]
    return f"high-sensitivity data ({', '.join(types[:5]) or 'no information type named'})"


@check(id="gcp.dlp.sensitive_table_protected", severity="critical", resource_type=TABLE_PROFILE,
       reads=("sensitivity", "info_types", "dataset", "table", "visibility", "encryption", "dataset.dataset?",
              "table.table?"),   # the dataset's and table's own reads, when BigQuery was scanned too
       title="BigQuery table profiled as highly sensitive is neither public nor without a customer-managed key",
       rationale="Sensitive Data Protection found credentials, identifiers or personal data in the table: the "
                 "classification is only worth its cost if such data is the best protected, not public and under "
                 "a key the owner controls.",
       remediation="Remove allUsers / allAuthenticatedUsers from the dataset's access list, and encrypt the table "
                   "with a Cloud KMS key (`bq cp --destination_kms_key` into a table under the key).")
def sensitive_table_protected(profile, snapshot):
    if profile.config["sensitivity"] != HIGH:
        return passed(f"sensitivity {profile.config['sensitivity']}: not high")
    dataset = _named(snapshot, profile, "gcp.bigquery.dataset", profile.config["dataset"])
    table = _named(snapshot, profile, "gcp.bigquery.table", f"{profile.config['dataset']}.{profile.config['table']}")
    seen = []
    if dataset is not None:
        public, seen = [g["member"] for g in dataset.config["dataset"]["public_access"]], ["the scanned dataset"]
    else:
        public = ["the profiler saw it public"] if profile.config["visibility"] == "RESOURCE_VISIBILITY_PUBLIC" else []
    if table is not None:
        # the table's own key decides: a dataset default applies only to tables created after it was set
        unkeyed, seen = not table.config["table"]["kms_key"], seen + ["the scanned table"]
    else:
        unkeyed = profile.config["encryption"] != "ENCRYPTION_CUSTOMER_MANAGED"
    source = " and ".join(seen + (["the profile"] if dataset is None or table is None else []))
    problems = ([f"public to {', '.join(public)}"] if public else []) + (["Google-managed key only"] if unkeyed else [])
    if problems:
        return failed(f"{_found(profile)}: {'; '.join(problems)} (from {source})", info_types=profile.config["info_types"])
    return passed(f"{_found(profile)}, not public and under a customer-managed key (from {source})")


@check(id="gcp.dlp.sensitive_bucket_protected", severity="critical", resource_type=FILE_STORE_PROFILE,
       reads=("sensitivity", "info_types", "bucket", "bucket.iam_policy", "bucket.acl", "bucket.default_object_acl",
              "bucket.uniform_bucket_level_access", "bucket.public_access_prevention", "bucket.default_kms_key",
              f"account.{PAP_POLICY}?"),   # applies when Cloud Storage was scanned too: a profile has no key status
       title="Cloud Storage bucket profiled as highly sensitive is neither public nor without a customer-managed key",
       rationale="Sensitive Data Protection found credentials, identifiers or personal data in the bucket: the "
                 "classification is only worth its cost if such data is the best protected, not public and under "
                 "a key the owner controls.",
       remediation="Remove the public grants and enforce public access prevention "
                   "(`gcloud storage buckets update gs://NAME --public-access-prevention`), and set a default Cloud KMS "
                   "key (`--default-encryption-key=KEY`) and rewrite the objects under it.")
def sensitive_bucket_protected(profile, snapshot):
    if profile.config["sensitivity"] != HIGH:
        return passed(f"sensitivity {profile.config['sensitivity']}: not high")
    bucket = _named(snapshot, profile, "gcp.storage.bucket", profile.config["bucket"])
    if bucket is None:
        return undetermined(f"{_found(profile)}, but bucket {profile.config['bucket']} is not among the scanned buckets "
                            "(deleted since it was profiled, or not listable)")
    public = publicly_reachable(bucket, snapshot)
    problems = ([f"public {' and '.join(sorted({a for g in public for a in g['access']}))} access"] if public else []) \
        + ([] if bucket.config["default_kms_key"] else ["no customer-managed default key"])
    if problems:
        return failed(f"{_found(profile)}: {'; '.join(problems)}", info_types=profile.config["info_types"])
    return passed(f"{_found(profile)}, not public and under a customer-managed default key")
