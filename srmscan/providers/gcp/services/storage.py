"""Cloud Storage, read with google-cloud-storage: buckets with their metadata, IAM policy and legacy ACLs."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, Read, ResourceType
from srmscan.providers.gcp.declare import CloudStorage

BUCKET_TYPE = "gcp.storage.bucket"


def bucket_config(bucket: dict[str, Any]) -> dict[str, Any]:
    """The settings srmscan judges, from a bucket resource listed with projection=noAcl (no extra request)."""
    iam = bucket.get("iamConfiguration") or {}
    retention = bucket.get("retentionPolicy") or {}
    soft_delete = (bucket.get("softDeletePolicy") or {}).get("retentionDurationSeconds")
    return {
        "uniform_bucket_level_access": bool((iam.get("uniformBucketLevelAccess") or {}).get("enabled")),
        "public_access_prevention": iam.get("publicAccessPrevention") or "inherited",
        "versioning": bool((bucket.get("versioning") or {}).get("enabled")),
        "logging": dict(bucket["logging"]) if bucket.get("logging") else None,
        "retention_policy": ({"retention_period_seconds": int(retention["retentionPeriod"]),
                              "locked": bool(retention.get("isLocked"))} if retention.get("retentionPeriod") else None),
        "default_kms_key": (bucket.get("encryption") or {}).get("defaultKmsKeyName"),
        "soft_delete_retention_seconds": int(soft_delete) if soft_delete is not None else None,
        "labels": dict(bucket.get("labels") or {}),
        "location": bucket.get("location"),
        "storage_class": bucket.get("storageClass"),
        "lifecycle_rules": [{"action": (rule.get("action") or {}).get("type"), "condition": dict(rule.get("condition") or {})}
                            for rule in (bucket.get("lifecycle") or {}).get("rule") or []],
    }


def iam_policy(policy: dict[str, Any]) -> dict[str, Any]:
    """The bucket's IAM policy (version 3 requested), conditions kept."""
    bindings = []
    for binding in policy.get("bindings", []):
        entry = {"role": binding["role"], "members": sorted(binding.get("members", []))}
        if binding.get("condition"):
            entry["condition"] = binding["condition"]
        bindings.append(entry)
    return {"version": policy.get("version", 1), "bindings": bindings}


def acl_entries(acl: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"entity": entry["entity"], "role": entry["role"]} for entry in acl]


def _uniform(bucket) -> bool:
    """ACLs do not apply under uniform bucket-level access."""
    return bool(bucket.config.get("uniform_bucket_level_access"))


TYPES = (
    ResourceType(BUCKET_TYPE, "storage",
                 Listing(CloudStorage("list_buckets"), ("storage.buckets.list", "storage.buckets.get")), bucket_config,
                 identity=lambda bucket, _project: (f"gs://{bucket['name']}", bucket["name"]),
                 region=lambda bucket: (bucket.get("location") or "unknown").lower(),
                 reads=(Read("iam_policy", CloudStorage("iam_policy"), "storage.buckets.getIamPolicy", iam_policy),
                        Read("acl", CloudStorage("acl"), "storage.buckets.getIamPolicy", acl_entries,
                             none_when=_uniform),
                        Read("default_object_acl", CloudStorage("default_object_acl"), "storage.buckets.getIamPolicy",
                             acl_entries, none_when=_uniform))),
)
SCOPE_READS: dict = {}   # no read of the project's own
