"""Azure Cosmos DB accounts: network reach, firewall and key-based authentication."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import resource_listing

ACCOUNT_TYPE = "azure.cosmosdb.account"


def account_config(account: dict[str, Any]) -> dict[str, Any]:
    """A database account (DatabaseAccounts_List item). Cosmos DB has no default action: with public access on,
    an account with no IP rule and no virtual network filter takes every network."""
    properties = account.get("properties") or {}
    ip_rules = [str(r.get("ipAddressOrRange") or "") for r in properties.get("ipRules") or []]
    return {"public_network_access": properties.get("publicNetworkAccess") or "Enabled",
            "network_default_action": "Deny" if ip_rules or properties.get("isVirtualNetworkFilterEnabled") else "Allow",
            "ip_rules": ip_rules, "local_auth_disabled": bool(properties.get("disableLocalAuth"))}


TYPES = (resource_listing(ACCOUNT_TYPE, "cosmosdb", "Microsoft.DocumentDB/databaseAccounts", "2024-11-15",
                          account_config),)
SCOPE_READS: dict = {}   # no read of the subscription's own
