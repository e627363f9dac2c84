"""Storage accounts (read with azure-mgmt-storage): their settings, blob service properties and containers."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import ArmRead, _get, GraphRead


# The config keys recorded on each resource type: account_config()'s plus the blob service and container
# count on storage accounts; container settings; one per Graph read on the tenant.
ACCOUNT_KEYS = ("kind", "sku", "allow_blob_public_access", "https_only", "minimum_tls_version", "allow_shared_key_access",
                "public_network_access", "network_default_action", "network_bypass", "infrastructure_encryption",
                "key_source", "key_vault_key", "allow_cross_tenant_replication", "default_to_oauth",
                "key_expiration_days", "tags", "private_endpoints", "blob_service", "containers")


CONTAINER_KEYS = ("public_access", "storage_account_id")


def account_config(account: Any) -> dict[str, Any]:
    """The settings srmscan judges, from an azure-mgmt-storage StorageAccount."""
    return {
        "kind": _get(account, "kind"),
        "sku": _get(account, "sku", "name"),
        "allow_blob_public_access": account.allow_blob_public_access,
        "https_only": account.enable_https_traffic_only,
        "minimum_tls_version": _get(account, "minimum_tls_version"),
        "allow_shared_key_access": account.allow_shared_key_access,
        "public_network_access": _get(account, "public_network_access"),
        "network_default_action": _get(account, "network_rule_set", "default_action"),
        "network_bypass": _get(account, "network_rule_set", "bypass"),
        "infrastructure_encryption": _get(account, "encryption", "require_infrastructure_encryption"),
        "key_source": _get(account, "encryption", "key_source"),
        "key_vault_key": _get(account, "encryption", "key_vault_properties", "key_name"),
        "allow_cross_tenant_replication": account.allow_cross_tenant_replication,
        "default_to_oauth": account.default_to_o_auth_authentication,
        "key_expiration_days": _get(account, "key_policy", "key_expiration_period_in_days"),
        "tags": dict(account.tags or {}),
        "private_endpoints": [{"endpoint": _get(c, "private_endpoint", "id"),
                               "status": _get(c, "private_link_service_connection_state", "status")}
                              for c in getattr(account, "private_endpoint_connections", None) or []],
    }


def blob_service_config(service: Any) -> dict[str, Any]:
    return {
        "blob_soft_delete_days": (_get(service, "delete_retention_policy", "days")
                                  if _get(service, "delete_retention_policy", "enabled") else None),
        "container_soft_delete_days": (_get(service, "container_delete_retention_policy", "days")
                                       if _get(service, "container_delete_retention_policy", "enabled") else None),
        "versioning": bool(service.is_versioning_enabled),
    }


# Read through azure-mgmt-storage (srmscan.providers.azure.collector), not the declared ARM reads: its actions.
PERMISSIONS = ("Microsoft.Storage/storageAccounts/read", "Microsoft.Storage/storageAccounts/blobServices/read",
               "Microsoft.Storage/storageAccounts/blobServices/containers/read")
SUBSCRIPTION_READS: dict[str, ArmRead] = {}   # no subscription-level read
GRAPH_READS: dict[str, GraphRead] = {}   # no Microsoft Graph read

LISTINGS = (
)
