"""Payloads in the shape of the Cloud Storage JSON API v1 (buckets.list, buckets.getIamPolicy,
bucketAccessControls.list, defaultObjectAccessControls.list), for the parts gcp-storage-emulator
does not model: legacy ACLs, IAM conditions, paging and throttling."""

from __future__ import annotations

PROJECT = "acme-legacy"
PROJECT_NUMBER = "417201938417"


def bucket(name: str, *, uniform: bool, prevention: str = "inherited", location: str = "EUROPE-WEST1") -> dict:
    return {
        "kind": "storage#bucket", "id": name, "selfLink": f"https://www.googleapis.com/storage/v1/b/{name}",
        "projectNumber": PROJECT_NUMBER, "name": name, "timeCreated": "2024-03-01T10:00:00.000Z",
        "updated": "2024-03-01T10:00:00.000Z", "metageneration": "3", "location": location,
        "locationType": "region", "storageClass": "STANDARD", "etag": "CAM=", "rpo": "DEFAULT",
        "iamConfiguration": {"bucketPolicyOnly": {"enabled": uniform}, "uniformBucketLevelAccess": {"enabled": uniform},
                             "publicAccessPrevention": prevention},
        "softDeletePolicy": {"retentionDurationSeconds": "604800", "effectiveTime": "2024-03-01T10:00:00.000Z"},
    }


def bucket_list(items: list[dict], next_page_token: str | None = None) -> dict:
    page = {"kind": "storage#buckets", "items": items}
    if next_page_token:
        page["nextPageToken"] = next_page_token
    return page


def iam_policy(name: str, bindings: list[dict]) -> dict:
    return {"kind": "storage#policy", "resourceId": f"projects/_/buckets/{name}", "version": 3, "etag": "CAE=",
            "bindings": bindings}


def bucket_acl(name: str, entries: list[tuple[str, str]]) -> dict:
    owner = {"kind": "storage#bucketAccessControl", "id": f"{name}/project-owners-{PROJECT_NUMBER}",
             "selfLink": f"https://www.googleapis.com/storage/v1/b/{name}/acl/project-owners-{PROJECT_NUMBER}",
             "bucket": name, "entity": f"project-owners-{PROJECT_NUMBER}", "role": "OWNER", "etag": "CAM=",
             "projectTeam": {"projectNumber": PROJECT_NUMBER, "team": "owners"}}
    items = [owner] + [{"kind": "storage#bucketAccessControl", "id": f"{name}/{entity}",
                        "selfLink": f"https://www.googleapis.com/storage/v1/b/{name}/acl/{entity}",
                        "bucket": name, "entity": entity, "role": role, "etag": "CAM="} for entity, role in entries]
    return {"kind": "storage#bucketAccessControls", "items": items}


def default_object_acl(name: str, entries: list[tuple[str, str]]) -> dict:
    return {"kind": "storage#objectAccessControls",
            "items": [{"kind": "storage#objectAccessControl", "entity": entity, "role": role, "etag": "CAM="}
                      for entity, role in entries]}


def error(code: int, message: str, reason: str) -> dict:
    return {"error": {"code": code, "message": message,
                      "errors": [{"message": message, "domain": "global", "reason": reason}]}}
