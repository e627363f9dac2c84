"""Azure Databricks workspaces: where their clusters live (VNet injection, no public IP), how the workspace is
reached, and where its diagnostic logs go."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import diagnostic_settings, private_endpoint_config, resource_listing


def workspace_config(workspace: dict[str, Any]) -> dict[str, Any]:
    """A workspace (Workspaces_ListBySubscription item); its parameters carry {type, value} pairs."""
    properties = workspace.get("properties") or {}
    parameters = properties.get("parameters") or {}

    def value(name: str) -> Any:
        return (parameters.get(name) or {}).get("value")

    return {"sku": (workspace.get("sku") or {}).get("name"), "custom_vnet": value("customVirtualNetworkId"),
            "no_public_ip": bool(value("enableNoPublicIp")),
            "public_network_access": properties.get("publicNetworkAccess") or "Enabled",
            "private_endpoints": [private_endpoint_config(c) for c in properties.get("privateEndpointConnections") or []]}


TYPES = (resource_listing("azure.databricks.workspace", "databricks", "Microsoft.Databricks/workspaces", "2024-05-01",
                          workspace_config, reads=(diagnostic_settings(),)),)
SCOPE_READS: dict = {}   # no read of the subscription's own
