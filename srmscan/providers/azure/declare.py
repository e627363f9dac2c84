"""How Azure is read, declared as data (the vocabulary of srmscan.providers.azure.services): an ARM read (of an
item or of a subscription), an ARM listing of one resource type with its per-item reads and child listings, and
a Microsoft Graph read of the tenant, each naming the permission it needs, so `srmscan permissions azure`
follows from the declarations; plus the resource types and the shapes several services share."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable

ACCOUNT_TYPE = "azure.storage.account"
CONTAINER_TYPE = "azure.storage.container"
TENANT_TYPE = "azure.entra.tenant"
NSG_TYPE = "azure.network.security_group"
VAULT_TYPE = "azure.keyvault.vault"
SQL_SERVER_TYPE = "azure.sql.server"
SQL_DATABASE_TYPE = "azure.sql.database"
WEB_APP_TYPE = "azure.appservice.site"
CUSTOM_ROLE_TYPE = "azure.authorization.custom_role"
POSTGRESQL_TYPE = "azure.postgresql.flexible_server"
MYSQL_TYPE = "azure.mysql.flexible_server"
VNET_TYPE = "azure.network.virtual_network"
WATCHER_TYPE = "azure.network.watcher"
SUBSCRIPTION_TYPE = "azure.account"   # a subscription's own settings (Monitor, Defender plans and contacts, watchers)


@dataclass(frozen=True)
class ArmRead:
    """One more ARM GET: of an item (`path` appended to its id) or of a subscription (`{subscription}` filled
    in), every page of `value` when `paged`, shaped into config by `shape`."""

    path: str
    permission: str
    shape: Callable[[Any], Any]
    paged: bool = True
    data_plane: Callable[[dict[str, Any]], str] | None = None   # item -> base URL of its own API (Key Vault)


@dataclass(frozen=True)
class ArmListing:
    """A resource type listed per subscription in one paged ARM GET, each item kept as one resource, with
    optional `item_reads` (config key -> one more read per item, e.g. its diagnostic settings)."""

    type: str
    api: str                                    # path, {subscription} filled in
    permission: str
    config: Callable[[dict[str, Any]], dict[str, Any]]
    keep: Callable[[dict[str, Any]], bool] = lambda item: True   # items of the listing that are this type
    display: Callable[[dict[str, Any]], str] = lambda item: item.get("name") or item["id"]   # the resource's name
    item_reads: dict[str, ArmRead] = field(default_factory=dict)
    children: tuple["ArmListing", ...] = ()   # listed below each item (`api` then a path relative to its id)
    # also kept on the subscription resource (key, shape of the whole listing): one GET serves both
    on_subscription: tuple[str, Callable[[list[dict[str, Any]]], Any]] | None = None

    @property
    def keys(self) -> frozenset[str]:
        """The keys its shape records from the listed item: those it gives an item with no optional field
        (a shape must not depend on fields being there, since real answers omit them)."""
        return frozenset(self.config({}))

    @property
    def name(self) -> str:
        return (self.api.split("/providers/", 1)[1] if "/providers/" in self.api else self.api.strip("/")
                ).split("?", 1)[0]


@dataclass(frozen=True)
class GraphRead:
    """A Microsoft Graph v1.0 read of the tenant: `path`, every page (`@odata.nextLink`) when `paged`."""

    path: str
    paged: bool
    permission: str   # the application permission it needs


def plain(value: Any) -> Any:
    """SDK enums become their string value, as they are once the snapshot is JSON."""
    return value.value if isinstance(value, Enum) else value


def _get(obj: Any, *path: str) -> Any:
    """A nested SDK attribute as plain data."""
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return plain(obj)


def resource_group_of(arm_id: str) -> str:
    parts = arm_id.split("/")
    return parts[parts.index("resourceGroups") + 1]


def private_endpoint_config(connection: dict[str, Any]) -> dict[str, Any]:
    """A private endpoint connection (ARM JSON, as embedded in a vault): its endpoint and approval state."""
    properties = connection.get("properties") or {}
    return {"endpoint": (properties.get("privateEndpoint") or {}).get("id"),
            "status": (properties.get("privateLinkServiceConnectionState") or {}).get("status")}


def diagnostic_settings_config(settings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Diagnostic settings (of a subscription or a resource): where they send logs and which they send."""
    destinations = ("storageAccountId", "workspaceId", "eventHubAuthorizationRuleId", "marketplacePartnerId")
    return [{"name": s.get("name"),
             "destinations": sorted(k for k in destinations if (s.get("properties") or {}).get(k)),
             "logs": [{"category": l.get("category"), "category_group": l.get("categoryGroup"),
                       "enabled": bool(l.get("enabled"))} for l in (s.get("properties") or {}).get("logs") or []]}
            for s in settings]


def names_config(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Resources of a kind in the subscription, by name and location (whether any exists is what is judged)."""
    return [{"name": i.get("name"), "location": i.get("location")} for i in items]


def flexible_server_config(server: dict[str, Any]) -> dict[str, Any]:
    """A PostgreSQL or MySQL flexible server (FlexibleServers_List item): how it is reached."""
    properties = server.get("properties") or {}
    network = properties.get("network") or {}
    return {"version": properties.get("version"),
            "public_network_access": network.get("publicNetworkAccess") or "Enabled",
            "private_subnet": network.get("delegatedSubnetResourceId")}


def server_parameter_config(parameter: dict[str, Any]) -> str | None:
    """A flexible server parameter (Configurations_Get): its value, lower case."""
    value = (parameter.get("properties") or {}).get("value")
    return None if value is None else str(value).lower()


DIAGNOSTIC_SETTINGS = ArmRead("/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview",
                              "Microsoft.Insights/DiagnosticSettings/Read", diagnostic_settings_config)


def flexible_server_listing(resource_type: str, namespace: str, api_version: str) -> ArmListing:
    """Azure Database flexible servers (PostgreSQL, MySQL: the same API under two namespaces), each with its
    require_secure_transport server parameter."""
    return ArmListing(resource_type, f"/subscriptions/{{subscription}}/providers/{namespace}/flexibleServers"
                                     f"?api-version={api_version}", f"{namespace}/flexibleServers/read",
                      flexible_server_config,
                      item_reads={"require_secure_transport": ArmRead(
                          f"/configurations/require_secure_transport?api-version={api_version}",
                          f"{namespace}/flexibleServers/configurations/read", server_parameter_config, paged=False)})
