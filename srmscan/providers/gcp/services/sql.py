"""Cloud SQL: instances with their connectivity, backups and database flags."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import SQL_INSTANCE_TYPE, Google
from srmscan.providers.declare import Listing, ResourceType


def sql_instance_config(instance: dict[str, Any]) -> dict[str, Any]:
    settings = instance.get("settings") or {}
    ip = settings.get("ipConfiguration") or {}
    ssl_mode = ip.get("sslMode") or ("TRUSTED_CLIENT_CERTIFICATE_REQUIRED" if ip.get("requireSsl")
                                     else "ALLOW_UNENCRYPTED_AND_ENCRYPTED")
    return {
        "database_version": instance.get("databaseVersion", ""),
        "instance_type": instance.get("instanceType", "CLOUD_SQL_INSTANCE"),
        "ssl_mode": ssl_mode,
        "authorized_networks": [n.get("value", "") for n in ip.get("authorizedNetworks") or []],
        "public_ip": bool(ip.get("ipv4Enabled")) or any(a.get("type") == "PRIMARY" for a in instance.get("ipAddresses") or []),
        "backups": bool((settings.get("backupConfiguration") or {}).get("enabled")),
        "flags": {f.get("name", ""): str(f.get("value", "")) for f in settings.get("databaseFlags") or []},
        "availability": settings.get("availabilityType") or "ZONAL",   # absent: the API's default, one zone
    }


TYPES = (
    ResourceType(SQL_INSTANCE_TYPE, "sql", Listing(Google("sqladmin", "/v1/projects/{project}/instances", "items",
                                                          page_param="maxResults"), "cloudsql.instances.list"),
                 sql_instance_config, region=lambda i: i.get("region") or "global"),
)
SCOPE_READS: dict = {}   # no read of the project's own
