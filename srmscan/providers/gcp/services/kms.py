"""Cloud KMS: every location, key ring and key, and each key's IAM policy."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import KMS_KEY_TYPE, Google, resource_iam_policy
from srmscan.providers.declare import Listing, Read, ResourceType


def crypto_key_config(key: dict[str, Any]) -> dict[str, Any]:
    return {"purpose": key.get("purpose", "ENCRYPT_DECRYPT"), "rotation_period": key.get("rotationPeriod"),
            "next_rotation_time": key.get("nextRotationTime"),
            "primary_state": (key.get("primary") or {}).get("state")}


TYPES = (
    ResourceType(KMS_KEY_TYPE, "kms",
                 Listing(Google("cloudkms", "/v1/{parent}/cryptoKeys", "cryptoKeys"),
                         ("cloudkms.locations.list", "cloudkms.keyRings.list", "cloudkms.cryptoKeys.list"),
                         parents=(Google("cloudkms", "/v1/projects/{project}/locations", "locations"),
                                  Google("cloudkms", "/v1/{parent}/keyRings", "keyRings"))),
                 crypto_key_config, region=lambda k: k["name"].split("/locations/", 1)[1].split("/", 1)[0],
                 reads=(Read("iam_policy", Google("cloudkms", "/v1/{name}:getIamPolicy",
                                                  params={"options.requestedPolicyVersion": 3}),
                             "cloudkms.cryptoKeys.getIamPolicy", resource_iam_policy),)),
)
SCOPE_READS: dict = {}   # no read of the project's own
