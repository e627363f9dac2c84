"""Azure Container Registry: admin user, anonymous pull and network reach of each registry."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import network_access_config, resource_listing

REGISTRY_TYPE = "azure.containerregistry.registry"


def registry_config(registry: dict[str, Any]) -> dict[str, Any]:
    """A registry (Registries_List item); the network rule set exists on Premium only."""
    properties = registry.get("properties") or {}
    return {"sku": (registry.get("sku") or {}).get("name"), "admin_user": bool(properties.get("adminUserEnabled")),
            "anonymous_pull": bool(properties.get("anonymousPullEnabled")),
            **network_access_config(properties, "networkRuleSet")}


TYPES = (resource_listing(REGISTRY_TYPE, "containerregistry", "Microsoft.ContainerRegistry/registries", "2023-07-01",
                          registry_config),)
SCOPE_READS: dict = {}   # no read of the subscription's own
