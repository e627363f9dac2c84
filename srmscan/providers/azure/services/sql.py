"""Azure SQL: logical servers with their firewall rules and auditing, and their databases' TDE."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, SQL_DATABASE_TYPE, SQL_SERVER_TYPE, listing
from srmscan.providers.declare import Listing, Read, ResourceType


def sql_server_config(server: dict[str, Any]) -> dict[str, Any]:
    """An Azure SQL logical server (Servers_List item): who administers it and how it is reached."""
    properties = server.get("properties") or {}
    admin = properties.get("administrators") or {}
    return {"entra_admin": admin.get("login") if str(admin.get("administratorType", "")).lower() == "activedirectory"
            else None,
            "entra_only_authentication": bool(admin.get("azureADOnlyAuthentication")),
            "public_network_access": properties.get("publicNetworkAccess") or "Enabled",
            "minimal_tls_version": properties.get("minimalTlsVersion")}


def sql_database_config(database: dict[str, Any]) -> dict[str, Any]:
    return {"server": database.get("id", "").split("/databases/", 1)[0].rsplit("/", 1)[-1],
            "status": (database.get("properties") or {}).get("status")}


def tde_config(setting: dict[str, Any]) -> str | None:
    return (setting.get("properties") or {}).get("state")


def sql_firewall_rules_config(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": r.get("name"), "start": (r.get("properties") or {}).get("startIpAddress"),
             "end": (r.get("properties") or {}).get("endIpAddress")} for r in rules]


def sql_auditing_config(setting: dict[str, Any]) -> dict[str, Any]:
    properties = setting.get("properties") or {}
    return {"state": properties.get("state"), "retention_days": properties.get("retentionDays"),
            "to_log_analytics": bool(properties.get("isAzureMonitorTargetEnabled")),
            "to_storage": bool(properties.get("storageEndpoint"))}


DATABASE = ResourceType(
    SQL_DATABASE_TYPE, "sql", Listing(Arm("/databases?api-version=2023-08-01"), "Microsoft.Sql/servers/databases/read"),
    sql_database_config,
    keep=lambda db: db.get("name") != "master",   # the system database
    identity=lambda db, _server: (db["id"], db["id"].split("/servers/", 1)[1].replace("/databases/", "/")),
    reads=(Read("tde", Arm("/transparentDataEncryption/current?api-version=2023-08-01", paged=False),
                "Microsoft.Sql/servers/databases/transparentDataEncryption/read", tde_config),))

TYPES = (
    ResourceType(SQL_SERVER_TYPE, "sql", listing("/providers/Microsoft.Sql/servers?api-version=2023-08-01",
                                                 "Microsoft.Sql/servers/read"), sql_server_config,
                 reads=(Read("firewall_rules", Arm("/firewallRules?api-version=2023-08-01"),
                             "Microsoft.Sql/servers/firewallRules/read", sql_firewall_rules_config),
                        Read("auditing", Arm("/auditingSettings/default?api-version=2023-08-01", paged=False),
                             "Microsoft.Sql/servers/auditingSettings/read", sql_auditing_config)),
                 children=(DATABASE,)),
)
SCOPE_READS: dict = {}   # no read of the subscription's own
