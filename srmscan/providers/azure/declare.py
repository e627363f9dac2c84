"""Azure in the vocabulary of srmscan.providers.declare: its requests (an ARM GET, a GET of an item's own data
plane, a Microsoft Graph GET, an azure-mgmt-storage operation), its scopes (the subscription's own settings,
the Entra tenant), the resource types, and the declarations and shapes several services share. Nothing here
imports an SDK; srmscan.providers.azure.collector performs the requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from srmscan.providers.declare import Listing, Read, ResourceType

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
class Arm:
    """An ARM GET (the request of a Read or a Listing): `path` with {subscription} filled in (a subscription's
    listing or read), or appended to the ARM id of the item it belongs to (an item's read, a child listing);
    every page of `value` when `paged`."""

    path: str
    paged: bool = True

    @property
    def label(self) -> str:
        """How a failed listing is named: its resource provider path, e.g. Microsoft.KeyVault/vaults."""
        return (self.path.split("/providers/", 1)[1] if "/providers/" in self.path else self.path.strip("/")
                ).split("?", 1)[0]

    def run(self, readers: Any, subscription: str, owner: dict[str, Any] | None = None) -> Any:
        path = owner["id"] + self.path if owner is not None else self.path.format(subscription=subscription)
        return readers.arm.get_all(path, "nextLink") if self.paged else readers.arm.get(path)


@dataclass(frozen=True)
class DataPlane:
    """A GET of an item's own API (a Key Vault's keys) below the base URL `base` finds in the item, with that
    API's token; every page."""

    path: str
    base: Callable[[dict[str, Any]], str]

    def run(self, readers: Any, subscription: str, owner: dict[str, Any]) -> Any:
        base = self.base(owner)
        if not base.startswith("https://"):
            from azure.core.exceptions import ServiceRequestError

            raise ServiceRequestError(f"{owner['id']} names no data-plane URI")
        return readers.data_plane.get_all(base.rstrip("/") + "/" + self.path, "nextLink")


@dataclass(frozen=True)
class Graph:
    """A Microsoft Graph v1.0 GET of the tenant: `path`, every page (`@odata.nextLink`) when `paged`."""

    path: str
    paged: bool = True

    def run(self, readers: Any, tenant: str, owner: dict[str, Any] | None = None) -> Any:
        if self.paged:
            return readers.graph.get_all(self.path, "@odata.nextLink")
        return {k: v for k, v in readers.graph.get(self.path).items() if not k.startswith("@odata.")}


@dataclass(frozen=True)
class StorageSdk:
    """An operation of azure-mgmt-storage's client ("group.method"), called with the resource group and name
    of the item it belongs to (nothing for a subscription's listing); its answer as the ARM JSON it was read
    from (the SDK's models are views of that JSON, unknown fields kept)."""

    operation: str
    label: str                                   # how a failed listing is named, e.g. Microsoft.Storage/storageAccounts

    def run(self, readers: Any, subscription: str, owner: dict[str, Any] | None = None) -> Any:
        group, method = self.operation.split(".")
        arguments = (resource_group_of(owner["id"]), owner["name"]) if owner is not None else ()
        answer = getattr(getattr(readers.storage(subscription), group), method)(*arguments)
        return answer.as_dict() if isinstance(answer, Mapping) else [item.as_dict() for item in answer]


def listing(path: str, permission: str) -> Listing:
    """A resource type listed per subscription in one paged ARM GET ({subscription} filled in)."""
    return Listing(Arm("/subscriptions/{subscription}" + path), permission)


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



def diagnostic_settings(key: str = "diagnostic_settings", below: str = "") -> Read:
    """A resource's diagnostic settings (`below` "/subscriptions/{subscription}": the subscription's own)."""
    return Read(key, Arm(below + "/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview"),
                "Microsoft.Insights/DiagnosticSettings/Read", diagnostic_settings_config)


def flexible_server_type(resource_type: str, service: str, namespace: str, api_version: str) -> ResourceType:
    """Azure Database flexible servers (PostgreSQL, MySQL: the same API under two namespaces), each with its
    require_secure_transport server parameter."""
    return ResourceType(resource_type, service,
                        listing(f"/providers/{namespace}/flexibleServers?api-version={api_version}",
                                f"{namespace}/flexibleServers/read"), flexible_server_config,
                        reads=(Read("require_secure_transport",
                                    Arm(f"/configurations/require_secure_transport?api-version={api_version}",
                                        paged=False),
                                    f"{namespace}/flexibleServers/configurations/read", server_parameter_config),))
