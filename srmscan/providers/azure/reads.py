"""What srmscan reads from Azure Resource Manager and Microsoft Graph: the declarations of every service module
of srmscan.providers.azure.services (the vocabulary is srmscan.providers.azure.declare), put together. Keys
and permissions follow from the declarations."""

from __future__ import annotations

import importlib

from srmscan.providers.azure.declare import (ACCOUNT_TYPE, CONTAINER_TYPE, SUBSCRIPTION_TYPE, TENANT_TYPE, ArmListing,
                                             ArmRead, GraphRead)

SERVICES = ("storage", "network", "keyvault", "sql", "appservice", "authorization", "postgresql", "mysql", "monitor",
            "defender", "entra")
SUBSCRIPTIONS_API = "/subscriptions?api-version=2022-12-01"
MANAGEMENT_GROUP_API = "/providers/Microsoft.Management/managementGroups/{group}{part}?api-version=2020-05-01"
# Finding the subscriptions (srmscan.providers.azure.collector), outside any service.
SCOPE_PERMISSIONS = ("Microsoft.Resources/subscriptions/read", "Microsoft.Management/managementGroups/read",
                     "Microsoft.Management/managementGroups/descendants/read")

_MODULES = [importlib.import_module(f"srmscan.providers.azure.services.{name}") for name in SERVICES]
ARM_LISTINGS: tuple[ArmListing, ...] = tuple(kind for module in _MODULES for kind in module.LISTINGS)
# The subscription's own settings (resource `azure.account`): config key -> read
SUBSCRIPTION_READS: dict[str, ArmRead] = {key: read for module in _MODULES for key, read in module.SUBSCRIPTION_READS.items()}
# Microsoft Graph v1.0 reads on the tenant resource: config key -> read
GRAPH_READS: dict[str, GraphRead] = {key: read for module in _MODULES for key, read in module.GRAPH_READS.items()}
ARM_PERMISSIONS = SCOPE_PERMISSIONS + tuple(p for module in _MODULES for p in getattr(module, "PERMISSIONS", ()))


def resource_types() -> dict[str, frozenset[str]]:
    """The resource types the Azure adapter produces, with the config keys it records on each."""
    from srmscan.providers.azure.services.storage import ACCOUNT_KEYS, CONTAINER_KEYS

    return {ACCOUNT_TYPE: frozenset(ACCOUNT_KEYS), CONTAINER_TYPE: frozenset(CONTAINER_KEYS),
            TENANT_TYPE: frozenset(GRAPH_READS),
            SUBSCRIPTION_TYPE: frozenset(SUBSCRIPTION_READS) | {k.on_subscription[0] for k in ARM_LISTINGS
                                                                if k.on_subscription},
            **{kind.type: frozenset(kind.keys) | frozenset(kind.item_reads) for kind in _all_listings()}}


def _all_listings() -> list[ArmListing]:
    """Every listing, children included."""
    found, todo = [], list(ARM_LISTINGS)
    while todo:
        kind = todo.pop(0)
        found.append(kind)
        todo.extend(kind.children)
    return found


def permissions() -> list[str]:
    """ARM actions (all in the built-in Reader role) and Microsoft Graph application permissions."""
    return (sorted(set(ARM_PERMISSIONS) | {kind.permission for kind in _all_listings()}
                   | {read.permission for kind in _all_listings() for read in kind.item_reads.values()}
                   | {read.permission for read in SUBSCRIPTION_READS.values()})
            + sorted({f"Microsoft Graph: {read.permission}" for read in GRAPH_READS.values()}))
