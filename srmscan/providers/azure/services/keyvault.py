"""Key Vault: vaults with their settings, diagnostic settings, and the keys' and secrets' attributes (data
plane; never a secret's value)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import (DataPlane, VAULT_TYPE, diagnostic_settings, listing,
                                             private_endpoint_config)
from srmscan.providers.declare import Read, ResourceType


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


def vault_uri(vault: dict[str, Any]) -> str:
    return str((vault.get("properties") or {}).get("vaultUri") or "")


# Key Vault data plane: listing keys and secrets returns their attributes, never a secret's value
KEY_VAULT_LIST = "Key Vault data plane: list keys and secrets (Key Vault Reader role or list access policies)"


TYPES = (
    ResourceType(VAULT_TYPE, "keyvault", listing("/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01",
                                                 "Microsoft.KeyVault/vaults/read"), vault_config,
                 reads=(diagnostic_settings(),
                        Read("keys", DataPlane("keys?api-version=7.4", vault_uri), KEY_VAULT_LIST, expiry_config),
                        Read("secrets", DataPlane("secrets?api-version=7.4", vault_uri), KEY_VAULT_LIST,
                             expiry_config))),
)
SCOPE_READS: dict = {}   # no read of the subscription's own
