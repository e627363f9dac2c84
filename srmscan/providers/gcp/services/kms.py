"""Cloud KMS: every location, key ring and key, and each key's IAM policy."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import ApiRead, GcpListing, iam_policy_config, KMS_KEY_TYPE


def crypto_key_config(key: dict[str, Any]) -> dict[str, Any]:
    return {"purpose": key.get("purpose", "ENCRYPT_DECRYPT"), "rotation_period": key.get("rotationPeriod"),
            "next_rotation_time": key.get("nextRotationTime"),
            "primary_state": (key.get("primary") or {}).get("state")}


def key_iam_policy(policy: dict[str, Any]) -> dict[str, Any]:
    return {"bindings": iam_policy_config(policy)["bindings"]}


PROJECT_READS: dict[str, ApiRead] = {}   # no project-level read

LISTINGS = (
    GcpListing(KMS_KEY_TYPE, "kms", ApiRead("cloudkms", "/v1/{parent}/cryptoKeys", "cryptoKeys"),
               ("cloudkms.locations.list", "cloudkms.keyRings.list", "cloudkms.cryptoKeys.list",
                "cloudkms.cryptoKeys.getIamPolicy"),
               crypto_key_config,
               region=lambda k: k["name"].split("/locations/", 1)[1].split("/", 1)[0],
               parents=(ApiRead("cloudkms", "/v1/projects/{project}/locations", "locations"),
                        ApiRead("cloudkms", "/v1/{parent}/keyRings", "keyRings")),
               item_reads={"iam_policy": ApiRead("cloudkms", "/v1/{name}:getIamPolicy", shape=key_iam_policy,
                                                 params={"options.requestedPolicyVersion": 3})}),
)
