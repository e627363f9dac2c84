"""Secret Manager: secrets (metadata only: never a version's payload) with their replication keys and rotation
schedule, and who may access them (each secret's IAM policy)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, Read, ResourceType
from srmscan.providers.gcp.declare import Google, resource_iam_policy

SECRET_TYPE = "gcp.secretmanager.secret"


def secret_config(secret: dict[str, Any]) -> dict[str, Any]:
    """A secret (secrets.list item): the keys its replicas are encrypted with (None where Google's own) and its
    rotation period."""
    replication = secret.get("replication") or {}
    automatic = replication.get("automatic")
    if automatic is not None:
        keys = [(automatic.get("customerManagedEncryption") or {}).get("kmsKeyName")]
    else:
        keys = [(r.get("customerManagedEncryption") or {}).get("kmsKeyName")
                for r in (replication.get("userManaged") or {}).get("replicas") or []]
    return {"replica_keys": keys, "rotation_period": (secret.get("rotation") or {}).get("rotationPeriod")}


TYPES = (
    ResourceType(SECRET_TYPE, "secretmanager",
                 Listing(Google("secretmanager", "/v1/projects/{project}/secrets", "secrets"), "secretmanager.secrets.list"),
                 secret_config,
                 reads=(Read("iam_policy", Google("secretmanager", "/v1/{name}:getIamPolicy"),
                             "secretmanager.secrets.getIamPolicy", resource_iam_policy),)),
)
SCOPE_READS: dict = {}   # no read of the project's own
