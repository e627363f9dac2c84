"""Azure Data Factory: public network access and the managed virtual network of each factory."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, resource_listing
from srmscan.providers.declare import Read

API = "2018-06-01"


def factory_config(factory: dict[str, Any]) -> dict[str, Any]:
    """A factory (Factories_List item)."""
    return {"public_network_access": (factory.get("properties") or {}).get("publicNetworkAccess") or "Enabled"}


def names(items: list[dict[str, Any]]) -> list[str]:
    return [str(i.get("name")) for i in items]


TYPES = (resource_listing("azure.datafactory.factory", "datafactory", "Microsoft.DataFactory/factories", API,
                          factory_config,
                          reads=(Read("managed_virtual_networks", Arm(f"/managedVirtualNetworks?api-version={API}"),
                                      "Microsoft.DataFactory/factories/managedVirtualNetworks/read", names),)),)
SCOPE_READS: dict = {}   # no read of the subscription's own
