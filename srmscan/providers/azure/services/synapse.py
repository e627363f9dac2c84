"""Azure Synapse Analytics workspaces: public network access and the managed virtual network."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import resource_listing


def workspace_config(workspace: dict[str, Any]) -> dict[str, Any]:
    """A workspace (Workspaces_List item)."""
    properties = workspace.get("properties") or {}
    settings = properties.get("managedVirtualNetworkSettings") or {}
    return {"public_network_access": properties.get("publicNetworkAccess") or "Enabled",
            "managed_vnet": str(properties.get("managedVirtualNetwork") or "").lower() == "default",
            "exfiltration_protection": bool(settings.get("preventDataExfiltration"))}


TYPES = (resource_listing("azure.synapse.workspace", "synapse", "Microsoft.Synapse/workspaces", "2021-06-01",
                          workspace_config),)
SCOPE_READS: dict = {}   # no read of the subscription's own
