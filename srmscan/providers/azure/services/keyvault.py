"""Key Vault: vaults with their settings, diagnostic settings, and the keys' and secrets' attributes (data
plane; never a secret's value)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import (DataPlane, VAULT_TYPE, diagnostic_settings, listing,
                                             private_endpoint_config)
from srmscan.providers.declare import Listing, Read, ResourceType


def vault_config(vault: dict[str, Any]) -> dict[str, Any]:
    """A Key Vault (ARM Vaults_ListBySubscription item): its management-plane protections. No key, secret
    or certificate is read (those are data-plane reads)."""
    properties = vault.get("properties") or {}
    acls = properties.get("networkAcls") or {}
    return {
        "soft_delete": properties.get("enableSoftDelete", True),   # absent: on (the default since 2020)
        "purge_protection": bool(properties.get("enablePurgeProtection")),
        "rbac_authorization": bool(properties.get("enableRbacAuthorization")),
        "public_network_access": properties.get("publicNetworkAccess") or "Enabled",
        "network_default_action": acls.get("defaultAction") or "Allow",
        "network_rules": {"ip_rules": [r.get("value") for r in acls.get("ipRules") or []],
                          "virtual_network_rules": [r.get("id") for r in acls.get("virtualNetworkRules") or []],
                          "bypass": acls.get("bypass")},
        "private_endpoints": [private_endpoint_config(c) for c in properties.get("privateEndpointConnections") or []],
    }


def expiry_config(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keys or secrets of a vault (data-plane list: metadata only, never a secret value): name, enabled,
    expiry, and whether Key Vault manages it (a certificate's backing key or secret)."""
    return [{"name": str(o.get("kid") or o.get("id") or "").rstrip("/").rsplit("/", 1)[-1],
             "enabled": (o.get("attributes") or {}).get("enabled", True) is not False,
             "expires": (o.get("attributes") or {}).get("exp"), "managed": bool(o.get("managed"))} for o in objects]


def certificates_config(certificates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Certificates of a vault (data-plane list: attributes only): name, enabled, validity start and end."""
    return [{"name": str(c.get("id") or "").rstrip("/").rsplit("/", 1)[-1],
             "enabled": (c.get("attributes") or {}).get("enabled", True) is not False,
             "not_before": (c.get("attributes") or {}).get("nbf"), "expires": (c.get("attributes") or {}).get("exp")}
            for c in certificates]


def rotation_policy_config(policy: dict[str, Any]) -> dict[str, Any]:
    """A key's rotation policy (GetKeyRotationPolicy): when it rotates itself, if ever. A key that never had a
    policy answers an empty one."""
    rotate = [a.get("trigger") or {} for a in policy.get("lifetimeActions") or []
              if str((a.get("action") or {}).get("type") or "").lower() == "rotate"]
    return {"rotate_after": next((t.get("timeAfterCreate") for t in rotate if t.get("timeAfterCreate")), None),
            "rotate_before_expiry": next((t.get("timeBeforeExpiry") for t in rotate if t.get("timeBeforeExpiry")), None),
            "expiry_time": (policy.get("attributes") or {}).get("expiryTime")}


def key_config(key: dict[str, Any]) -> dict[str, Any]:
    attributes = key.get("attributes") or {}
    return {"enabled": attributes.get("enabled", True) is not False}


def vault_uri(vault: dict[str, Any]) -> str:
    return str((vault.get("properties") or {}).get("vaultUri") or "")


# Key Vault data plane: listing keys and secrets returns their attributes, never a secret's value
KEY_VAULT_LIST = ("Key Vault data plane: list keys, secrets and certificates (Key Vault Reader role or list access "
                  "policies)")


# A vault's keys, each with its rotation policy (certificate-backed keys are Key Vault's to renew: not listed as
# resources); the same listing gives the vault its `keys` (their expiry), one request for both
KEY = ResourceType(
    "azure.keyvault.key", "keyvault",
    Listing(DataPlane("keys?api-version=7.4", vault_uri), KEY_VAULT_LIST, on_owner=("keys", expiry_config)),
    key_config,
    keep=lambda key: not key.get("managed"),
    identity=lambda key, vault: (str(key["kid"]), f"{vault.name}/{str(key['kid']).rstrip('/').rsplit('/', 1)[-1]}"),
    reads=(Read("rotation_policy", DataPlane("rotationpolicy?api-version=7.4", lambda key: str(key.get("kid") or ""),
                                                  paged=False),
                "Key Vault data plane: read key rotation policies (Key Vault Reader role or the getrotationpolicy "
                "access policy permission)", rotation_policy_config),))

TYPES = (
    ResourceType(VAULT_TYPE, "keyvault", listing("/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01",
                                                 "Microsoft.KeyVault/vaults/read"), vault_config,
                 reads=(diagnostic_settings(),
                        Read("secrets", DataPlane("secrets?api-version=7.4", vault_uri), KEY_VAULT_LIST,
                             expiry_config),
                        Read("certificates", DataPlane("certificates?api-version=7.4", vault_uri), KEY_VAULT_LIST,
                             certificates_config)),
                 children=(KEY,)),
)
SCOPE_READS: dict = {}   # no read of the subscription's own
