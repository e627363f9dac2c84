"""Azure Cache for Redis: the non-TLS port, the minimum TLS version, access keys and network reach."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import resource_listing


def cache_config(cache: dict[str, Any]) -> dict[str, Any]:
    """A cache (Redis_ListBySubscription item)."""
    properties = cache.get("properties") or {}
    return {"non_ssl_port": bool(properties.get("enableNonSslPort")),
            "minimum_tls_version": properties.get("minimumTlsVersion"),
            "access_keys_disabled": bool(properties.get("disableAccessKeyAuthentication")),
            "public_network_access": properties.get("publicNetworkAccess") or "Enabled",
            "private_subnet": properties.get("subnetId")}


TYPES = (resource_listing("azure.redis.cache", "redis", "Microsoft.Cache/redis", "2024-03-01", cache_config),)
SCOPE_READS: dict = {}   # no read of the subscription's own
