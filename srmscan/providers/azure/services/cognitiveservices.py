"""Azure AI services (Cognitive Services and Azure OpenAI accounts): key-based authentication and network reach."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import network_access_config, resource_listing


def account_config(account: dict[str, Any]) -> dict[str, Any]:
    """An account (Accounts_List item); `kind` tells Azure OpenAI (OpenAI) from the other AI services."""
    properties = account.get("properties") or {}
    return {"kind": account.get("kind"), "local_auth_disabled": bool(properties.get("disableLocalAuth")),
            **network_access_config(properties)}


TYPES = (resource_listing("azure.cognitiveservices.account", "cognitiveservices",
                          "Microsoft.CognitiveServices/accounts", "2024-10-01", account_config),)
SCOPE_READS: dict = {}   # no read of the subscription's own
