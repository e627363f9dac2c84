"""Storage accounts, read with azure-mgmt-storage: their settings, blob service properties and containers."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import (ACCOUNT_TYPE, CONTAINER_TYPE, StorageSdk, private_endpoint_config)
from srmscan.providers.declare import Listing, Read, ResourceType


def account_config(account: dict[str, Any]) -> dict[str, Any]:
    """The settings srmscan judges, from a storage account (StorageAccounts_List item)."""
    properties = account.get("properties") or {}
    network = properties.get("networkAcls") or {}
    encryption = properties.get("encryption") or {}
    return {
        "kind": account.get("kind"),
        "sku": (account.get("sku") or {}).get("name"),
        "allow_blob_public_access": properties.get("allowBlobPublicAccess"),
        "https_only": properties.get("supportsHttpsTrafficOnly"),
        "minimum_tls_version": properties.get("minimumTlsVersion"),
        "allow_shared_key_access": properties.get("allowSharedKeyAccess"),
        "public_network_access": properties.get("publicNetworkAccess"),
        "network_default_action": network.get("defaultAction"),
        "network_bypass": network.get("bypass"),
        "infrastructure_encryption": encryption.get("requireInfrastructureEncryption"),
        "key_source": encryption.get("keySource"),
        "key_vault_key": (encryption.get("keyvaultproperties") or {}).get("keyname"),
        "allow_cross_tenant_replication": properties.get("allowCrossTenantReplication"),
        "default_to_oauth": properties.get("defaultToOAuthAuthentication"),
        "key_expiration_days": (properties.get("keyPolicy") or {}).get("keyExpirationPeriodInDays"),
        "tags": dict(account.get("tags") or {}),
        "private_endpoints": [private_endpoint_config(c) for c in properties.get("privateEndpointConnections") or []],
    }


def blob_service_config(service: dict[str, Any]) -> dict[str, Any]:
    """The Blob service of an account (BlobServices_GetServiceProperties): soft delete and versioning."""
    properties = service.get("properties") or {}

    def days(policy: str) -> int | None:
        retention = properties.get(policy) or {}
        return retention.get("days") if retention.get("enabled") else None

    return {"blob_soft_delete_days": days("deleteRetentionPolicy"),
            "container_soft_delete_days": days("containerDeleteRetentionPolicy"),
            "versioning": bool(properties.get("isVersioningEnabled"))}


def file_service_config(service: dict[str, Any]) -> dict[str, Any]:
    """The File service of an account (FileServices_GetServiceProperties): share soft delete and the SMB
    versions and channel encryption it accepts (unset: every one the service offers)."""
    properties = service.get("properties") or {}
    retention = properties.get("shareDeleteRetentionPolicy") or {}
    smb = (properties.get("protocolSettings") or {}).get("smb") or {}

    def listed(value: Any) -> list[str] | None:
        return [v.strip() for v in str(value).split(";") if v.strip()] if value else None

    return {"share_soft_delete_days": retention.get("days") if retention.get("enabled") else None,
            "smb_versions": listed(smb.get("versions")), "smb_channel_encryption": listed(smb.get("channelEncryption"))}


def container_config(container: dict[str, Any]) -> dict[str, Any]:
    """A blob container (BlobContainers_List item): its anonymous access level and its account."""
    return {"public_access": (container.get("properties") or {}).get("publicAccess") or "None",
            "storage_account_id": str(container.get("id") or "").split("/blobServices/", 1)[0]}


def _has_blob_service(account) -> bool:
    """Premium file share accounts (FileStorage) have no Blob service, so no containers."""
    return account.config.get("kind") != "FileStorage"


def _has_file_service(account) -> bool:
    """Blob-only accounts (BlobStorage, BlockBlobStorage) have no File service."""
    return account.config.get("kind") not in ("BlobStorage", "BlockBlobStorage")


CONTAINER = ResourceType(
    CONTAINER_TYPE, "storage",
    Listing(StorageSdk("blob_containers.list", "Microsoft.Storage/storageAccounts/blobServices/containers"),
            "Microsoft.Storage/storageAccounts/blobServices/containers/read", counted_as="containers",
            applies=_has_blob_service),
    container_config,
    identity=lambda container, account: (container["id"], f"{account.name}/{container['name']}"))

TYPES = (
    ResourceType(ACCOUNT_TYPE, "storage",
                 Listing(StorageSdk("storage_accounts.list", "Microsoft.Storage/storageAccounts"),
                         "Microsoft.Storage/storageAccounts/read"), account_config,
                 reads=(Read("blob_service", StorageSdk("blob_services.get_service_properties",
                                                        "Microsoft.Storage/storageAccounts/blobServices"),
                             "Microsoft.Storage/storageAccounts/blobServices/read", blob_service_config,
                             none_when=lambda account: not _has_blob_service(account)),
                        Read("file_service", StorageSdk("file_services.get_service_properties",
                                                        "Microsoft.Storage/storageAccounts/fileServices"),
                             "Microsoft.Storage/storageAccounts/fileServices/read", file_service_config,
                             none_when=lambda account: not _has_file_service(account))),
                 children=(CONTAINER,)),
)
SCOPE_READS: dict = {}   # no read of the subscription's own
