"""Who on the internet can reach a Cloud Storage bucket.

- IAM bindings to allUsers (anyone) or allAuthenticatedUsers (any Google account) are public. A
  condition on such a binding (resource name, time) does not restrict who the caller is: the binding
  stays public and its condition is shown as evidence.
- With uniform bucket-level access off, bucket ACL and default object ACL entries for those entities
  are public too (default object ACLs make new objects public).
- Public access prevention "enforced" blocks all of it; "inherited" follows the project's effective
  storage.publicAccessPrevention organization policy, which covers new and existing buckets alike.
"""

from __future__ import annotations

from typing import Any

from srmscan.analysis import SHAPE_ERRORS, MalformedData

from srmscan.analysis.aws_policy import READ, WRITE

PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
ROLE_ACCESS = {
    "roles/storage.objectViewer": (READ,),
    "roles/storage.legacyObjectReader": (READ,),
    "roles/storage.legacyBucketReader": (READ,),
    "roles/storage.bucketViewer": (READ,),
    "roles/storage.objectCreator": (WRITE,),
    "roles/storage.objectUser": (READ, WRITE),
    "roles/storage.objectAdmin": (READ, WRITE),
    "roles/storage.admin": (READ, WRITE),
    "roles/storage.legacyBucketWriter": (READ, WRITE),
    "roles/storage.legacyBucketOwner": (READ, WRITE),
    "roles/storage.legacyObjectOwner": (READ, WRITE),
}
ACL_ACCESS = {"READER": (READ,), "WRITER": (READ, WRITE), "OWNER": (READ, WRITE)}


def iam_grants(policy: dict[str, Any]) -> list[dict[str, Any]]:
    grants = []
    for binding in policy.get("bindings", []):
        for member in binding.get("members", []):
            if member in PUBLIC_MEMBERS:
                role = binding["role"]
                grant = {"source": "IAM policy", "member": member, "role": role,
                         "access": list(ROLE_ACCESS.get(role, (READ, WRITE)))}
                if role not in ROLE_ACCESS:
                    grant["note"] = "role not recognised: assumed to allow read and write"
                if binding.get("condition"):
                    grant["condition"] = binding["condition"]
                grants.append(grant)
    return grants


def acl_grants(entries: list[dict[str, str]] | None, source: str) -> list[dict[str, Any]]:
    return [{"source": source, "entity": e["entity"], "role": e["role"], "access": list(ACL_ACCESS.get(e["role"], (READ, WRITE)))}
            for e in entries or [] if e.get("entity") in PUBLIC_MEMBERS]


class MalformedPolicy(MalformedData):
    """An IAM policy or ACL that is not in the Cloud Storage JSON API's shape."""


def bucket_grants(config: Any) -> list[dict[str, Any]]:
    """Public grants through IAM, and through ACLs when uniform bucket-level access is off."""
    iam_policy, uniform = config["iam_policy"], config["uniform_bucket_level_access"]
    acls = () if uniform else ((config["acl"], "bucket ACL"), (config["default_object_acl"], "default object ACL"))
    try:
        grants = iam_grants(iam_policy)
        for entries, source in acls:
            grants += acl_grants(entries, source)
    except SHAPE_ERRORS as exc:
        raise MalformedPolicy(f"the bucket's IAM policy or ACL has an unexpected shape ({type(exc).__name__}: {exc})") from None
    return grants


PAP_POLICY = "org_policy_storage_public_access_prevention"   # the project's effective organization policy


def prevention_enforcer(bucket: Any, snapshot: Any) -> str | None:
    """Who enforces public access prevention on the bucket: the bucket itself, or (for a bucket that inherits) the
    storage.publicAccessPrevention organization policy enforced without condition on its project. None: nothing
    enforces it, or the project's policy was not read (checks declare `account.{PAP_POLICY}?`)."""
    if bucket.config["public_access_prevention"] == "enforced":
        return "the bucket"
    policy = snapshot.optional(bucket, PAP_POLICY)
    if policy and policy.get("enforced"):
        return "the organization policy storage.publicAccessPrevention"
    return None


def publicly_reachable(bucket: Any, snapshot: Any) -> list[dict[str, Any]]:
    """The public grants that are in effect on the bucket (none when public access prevention voids them)."""
    grants = bucket_grants(bucket.config)
    return [] if not grants or prevention_enforcer(bucket, snapshot) else grants