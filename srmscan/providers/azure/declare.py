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
TENANT_SCOPE = "tenant"   # ResourceType.scope of the types listed once per Entra tenant (Microsoft Graph), not per subscription


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
class ProviderData:
    """A resource provider's own data, the same for every subscription (App Service's runtime stacks): every
    page of `path`, read once per scan."""

    path: str

    def run(self, readers: Any, subscription: str, owner: dict[str, Any] | None = None) -> Any:
        return readers.arm.once(self.path, lambda: readers.arm.get_all(self.path, "nextLink"))


@dataclass(frozen=True)
class DataPlane:
    """A GET of an item's own API (a Key Vault's keys) below the base URL `base` finds in the item, with that
    API's token; every page when `paged`."""

    path: str
    base: Callable[[dict[str, Any]], str]
    paged: bool = True

    @property
    def label(self) -> str:
        """How a failed listing is named, e.g. "data plane keys"."""
        return "data plane " + self.path.split("?", 1)[0]

    def run(self, readers: Any, subscription: str, owner: dict[str, Any]) -> Any:
        base = self.base(owner)
        if not base.startswith("https://"):
            from azure.core.exceptions import ServiceRequestError

            raise ServiceRequestError(f"{owner.get('id') or owner.get('kid')} names no data-plane URI")
        url = base.rstrip("/") + "/" + self.path
        return readers.data_plane.get_all(url, "nextLink") if self.paged else readers.data_plane.get(url)


@dataclass(frozen=True)
class Graph:
    """A Microsoft Graph v1.0 GET of the tenant: `path` ({id} filled in with the id of the item it belongs to,
    for an item's read), every page (`@odata.nextLink`) when `paged`."""

    path: str
    paged: bool = True

    @property
    def label(self) -> str:
        """How a failed listing is named, e.g. Microsoft Graph /v1.0/applications."""
        return "Microsoft Graph " + self.path.split("?", 1)[0]

    def run(self, readers: Any, tenant: str, owner: dict[str, Any] | None = None) -> Any:
        path = self.path.format(id=owner["id"]) if owner is not None else self.path
        if self.paged:
            return readers.graph.get_all(path, "@odata.nextLink")
        return {k: v for k, v in readers.graph.get(path).items() if not k.startswith("@odata.")}


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
            "private_subnet": network.get("delegatedSubnetResourceId"),
            "high_availability": (properties.get("highAvailability") or {}).get("mode") or "Disabled"}


def server_parameter_config(parameter: dict[str, Any]) -> str | None:
    """A flexible server parameter (Configurations_Get): its value, lower case."""
    value = (parameter.get("properties") or {}).get("value")
    return None if value is None else str(value).lower()



def diagnostic_settings(key: str = "diagnostic_settings", below: str = "") -> Read:
    """A resource's diagnostic settings (`below` "/subscriptions/{subscription}": the subscription's own)."""
    return Read(key, Arm(below + "/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview"),
                "Microsoft.Insights/DiagnosticSettings/Read", diagnostic_settings_config)


def flexible_server_type(resource_type: str, service: str, namespace: str, api_version: str,
                         parameters: tuple[str, ...] = ("require_secure_transport",)) -> ResourceType:
    """Azure Database flexible servers (PostgreSQL, MySQL: the same API under two namespaces), each with the
    server parameters named (each under its own key)."""
    return ResourceType(resource_type, service,
                        listing(f"/providers/{namespace}/flexibleServers?api-version={api_version}",
                                f"{namespace}/flexibleServers/read"), flexible_server_config,
                        reads=tuple(Read(name, Arm(f"/configurations/{name}?api-version={api_version}", paged=False),
                                         f"{namespace}/flexibleServers/configurations/read", server_parameter_config)
                                    for name in parameters))


@dataclass(frozen=True)
class Cmdlet:
    """A Get-* cmdlet of Security & Compliance PowerShell, run for the tenant over its REST endpoint
    (srmscan.providers.azure.compliance); every object it returns."""

    name: str

    def run(self, readers: Any, tenant: str, owner: dict[str, Any] | None = None) -> Any:
        return readers.compliance(tenant).invoke(self.name)


@dataclass(frozen=True)
class ResourceGraph:
    """An Azure Resource Graph query of one subscription (POST /providers/Microsoft.ResourceGraph/resources, the
    one POST the read-only transport lets through: a query cannot change anything); every row."""

    query: str
    path: str = "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"

    def run(self, readers: Any, subscription: str, owner: dict[str, Any] | None = None) -> Any:
        return readers.arm.query(self.path, {"subscriptions": [subscription], "query": self.query,
                                             "options": {"resultFormat": "objectArray", "$top": 1000}})


@dataclass(frozen=True)
class ArmAtLocation:
    """An ARM GET about an item's region rather than the item itself (the Kubernetes versions AKS supports
    there): `path` with {subscription} and {location} filled in from the item; not paged, read once per scan for
    all the items of a region."""

    path: str

    def run(self, readers: Any, subscription: str, owner: dict[str, Any]) -> Any:
        path = self.path.format(subscription=subscription, location=owner.get("location") or "")
        return readers.arm.once(path, lambda: readers.arm.get(path))   # the items of one region share the answer


def network_access_config(properties: dict[str, Any], acls_key: str = "networkAcls") -> dict[str, Any]:
    """How a PaaS resource is reached (Cognitive Services, Container Registry ... ARM JSON `properties`): its
    public endpoint, its firewall's default action and allowed ranges."""
    acls = properties.get(acls_key) or {}
    return {"public_network_access": properties.get("publicNetworkAccess") or "Enabled",
            "network_default_action": acls.get("defaultAction") or "Allow",
            "ip_rules": [str(r.get("value") or r.get("ipAddressOrRange") or r.get("ipMask") or "")
                         for r in acls.get("ipRules") or []]}


def resource_listing(type_name: str, service: str, provider_path: str, api_version: str, config, **more) -> ResourceType:
    """A resource type listed per subscription (GET /subscriptions/{s}/providers/PROVIDER_PATH), permission
    PROVIDER_PATH/read."""
    return ResourceType(type_name, service, listing(f"/providers/{provider_path}?api-version={api_version}",
                                                    f"{provider_path}/read"), config, **more)


def messaging_namespace_config(namespace: dict[str, Any]) -> dict[str, Any]:
    """An Event Hubs or Service Bus namespace (Namespaces_List item, the same shape on both)."""
    properties = namespace.get("properties") or {}
    return {"sku": (namespace.get("sku") or {}).get("name"),
            "local_auth_disabled": bool(properties.get("disableLocalAuth")),
            "minimum_tls_version": properties.get("minimumTlsVersion"),
            "public_network_access": properties.get("publicNetworkAccess") or "Enabled"}


def network_rule_set_config(rule_set: dict[str, Any]) -> dict[str, Any]:
    """A namespace's network rule set (Namespaces_GetNetworkRuleSet): its default action and allowed ranges."""
    properties = rule_set.get("properties") or {}
    return {"default_action": properties.get("defaultAction") or "Allow",
            "ip_rules": [str(r.get("ipMask") or "") for r in properties.get("ipRules") or []],
            "virtual_network_rules": [(r.get("subnet") or {}).get("id") for r in
                                      properties.get("virtualNetworkRules") or []]}


def messaging_namespace_type(resource_type: str, service: str, namespace: str, api_version: str) -> ResourceType:
    """Event Hubs and Service Bus namespaces (the same API under two namespaces), each with its network rule set."""
    return ResourceType(resource_type, service,
                        listing(f"/providers/{namespace}/namespaces?api-version={api_version}",
                                f"{namespace}/namespaces/read"), messaging_namespace_config,
                        reads=(Read("network_rule_set", Arm(f"/networkRuleSets/default?api-version={api_version}",
                                                            paged=False),
                                    f"{namespace}/namespaces/networkRuleSets/read", network_rule_set_config),))
