"""IAM: the project IAM policy (version 3, with its Data Access audit configs), service accounts with their
user-managed keys, and API keys (their metadata; the key string is never read)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import (API_KEY_TYPE, PROJECT_TYPE, SERVICE_ACCOUNT_TYPE, Google, iam_policy_config,
                                           last_part)
from srmscan.providers.declare import Listing, Read, ResourceType


def service_account_config(account: dict[str, Any]) -> dict[str, Any]:
    return {"email": account.get("email", ""), "disabled": bool(account.get("disabled"))}


def keys_config(keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": last_part(k.get("name")), "valid_after": k.get("validAfterTime"), "valid_before": k.get("validBeforeTime"),
             "disabled": bool(k.get("disabled"))} for k in keys if k.get("keyType", "USER_MANAGED") == "USER_MANAGED"]


def api_key_config(key: dict[str, Any]) -> dict[str, Any]:
    restrictions = key.get("restrictions") or {}
    return {"created": key.get("createTime"),
            "api_targets": [t.get("service", "") for t in restrictions.get("apiTargets") or []],
            "application_restrictions": sorted(k for k in restrictions if k != "apiTargets")}


TYPES = (
    ResourceType(SERVICE_ACCOUNT_TYPE, "iam",
                 Listing(Google("iam", "/v1/projects/{project}/serviceAccounts", "accounts"),
                         "iam.serviceAccounts.list"),
                 service_account_config,
                 reads=(Read("user_managed_keys", Google("iam", "/v1/{name}/keys", "keys", page_param=None,
                                                         params={"keyTypes": "USER_MANAGED"}),
                             "iam.serviceAccountKeys.list", keys_config),)),
    ResourceType(API_KEY_TYPE, "iam", Listing(Google("apikeys", "/v2/projects/{project}/locations/global/keys", "keys"),
                                              "apikeys.keys.list"), api_key_config),
)
SCOPE_READS = {PROJECT_TYPE: (
    Read("iam_policy", Google("resourcemanager", "/v1/projects/{project}:getIamPolicy", iam_post=True),
         "resourcemanager.projects.getIamPolicy", iam_policy_config),
)}
