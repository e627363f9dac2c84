"""What srmscan reads from Azure Resource Manager and Microsoft Graph, and how each answer becomes config."""

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
SUBSCRIPTIONS_API = "/subscriptions?api-version=2022-12-01"
MANAGEMENT_GROUP_API = "/providers/Microsoft.Management/managementGroups/{group}{part}?api-version=2020-05-01"

# Microsoft Graph v1.0 reads on the tenant resource: config key -> (path, paged)
GRAPH_READS = {
    "conditional_access_policies": ("/v1.0/identity/conditionalAccess/policies", True),
    "security_defaults": ("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy", False),
    "authorization_policy": ("/v1.0/policies/authorizationPolicy", False),
    "sharepoint_settings": ("/v1.0/admin/sharepoint/settings", False),
    "guest_users": ("/v1.0/users?$filter=userType%20eq%20'Guest'&$select=id,userPrincipalName,displayName", True),
    "directory_role_assignments": ("/v1.0/roleManagement/directory/roleAssignments"
                                   "?$select=id,principalId,roleDefinitionId,directoryScopeId", True),
    "directory_roles": ("/v1.0/roleManagement/directory/roleDefinitions?$select=id,displayName,isPrivileged,isBuiltIn",
                        True),
}

ARM_PERMISSIONS = (
    "Microsoft.Resources/subscriptions/read",
    "Microsoft.Management/managementGroups/read",
    "Microsoft.Management/managementGroups/descendants/read",
    "Microsoft.Storage/storageAccounts/read",
    "Microsoft.Storage/storageAccounts/blobServices/read",
    "Microsoft.Storage/storageAccounts/blobServices/containers/read",
)
GRAPH_PERMISSIONS = ("Policy.Read.All", "SharePointTenantSettings.Read.All", "User.Read.All",
                     "RoleManagement.Read.Directory")


# The config keys recorded on each resource type: account_config()'s plus the blob service and container
# count on storage accounts; container settings; one per Graph read on the tenant.
ACCOUNT_KEYS = ("kind", "sku", "allow_blob_public_access", "https_only", "minimum_tls_version", "allow_shared_key_access",
                "public_network_access", "network_default_action", "network_bypass", "infrastructure_encryption",
                "key_source", "key_vault_key", "allow_cross_tenant_replication", "default_to_oauth",
                "key_expiration_days", "tags", "private_endpoints", "blob_service", "containers")
CONTAINER_KEYS = ("public_access", "storage_account_id")
NSG_KEYS = ("security_rules", "attached_to")
SQL_SERVER_KEYS = ("entra_admin", "entra_only_authentication", "public_network_access", "minimal_tls_version")
WEB_APP_KEYS = ("kind", "https_only", "identity_type", "client_cert_enabled")
FLEXIBLE_SERVER_KEYS = ("version", "public_network_access", "private_subnet")
CUSTOM_ROLE_KEYS = ("role_name", "permissions", "assignable_scopes")
VAULT_KEYS = ("soft_delete", "purge_protection", "rbac_authorization", "public_network_access", "network_default_action",
              "network_rules", "private_endpoints")
RULE_FIELDS = ("protocol", "access", "priority", "direction", "sourceAddressPrefix", "sourceAddressPrefixes",
               "destinationPortRange", "destinationPortRanges", "sourceApplicationSecurityGroups")


def resource_types() -> dict[str, frozenset[str]]:
    """The resource types the Azure adapter produces, with the config keys it records on each."""
    return {ACCOUNT_TYPE: frozenset(ACCOUNT_KEYS), CONTAINER_TYPE: frozenset(CONTAINER_KEYS),
            TENANT_TYPE: frozenset(GRAPH_READS),
            SUBSCRIPTION_TYPE: frozenset(SUBSCRIPTION_READS) | {k.on_subscription[0] for k in ARM_LISTINGS
                                                                if k.on_subscription},
            **{kind.type: frozenset(kind.keys) | frozenset(kind.item_reads) for kind in _all_listings()}}


def _all_listings() -> list["ArmListing"]:
    """Every listing, children included."""
    found, todo = [], list(ARM_LISTINGS)
    while todo:
        kind = todo.pop(0)
        found.append(kind)
        todo.extend(kind.children)
    return found


def nsg_config(group: dict[str, Any]) -> dict[str, Any]:
    """A NetworkSecurityGroup (ARM JSON): its custom and default rules, as evaluated, and what it is on."""
    properties = group.get("properties") or {}
    rules = list(properties.get("securityRules") or []) + list(properties.get("defaultSecurityRules") or [])
    return {
        "security_rules": [{"name": rule.get("name"),
                            "properties": {k: v for k, v in (rule.get("properties") or {}).items() if k in RULE_FIELDS}}
                           for rule in rules],
        "attached_to": {"subnets": sorted(s.get("id", "") for s in properties.get("subnets") or []),
                        "network_interfaces": sorted(n.get("id", "") for n in properties.get("networkInterfaces") or [])},
    }


def permissions() -> list[str]:
    """ARM actions (all in the built-in Reader role) and Microsoft Graph application permissions."""
    return (sorted(set(ARM_PERMISSIONS) | {kind.permission for kind in _all_listings()}
                   | {read.permission for kind in _all_listings() for read in kind.item_reads.values()}
                   | {read.permission for read in SUBSCRIPTION_READS.values()})
            + sorted(f"Microsoft Graph: {p}" for p in GRAPH_PERMISSIONS))


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


def account_config(account: Any) -> dict[str, Any]:
    """The settings srmscan judges, from an azure-mgmt-storage StorageAccount."""
    return {
        "kind": _get(account, "kind"),
        "sku": _get(account, "sku", "name"),
        "allow_blob_public_access": account.allow_blob_public_access,
        "https_only": account.enable_https_traffic_only,
        "minimum_tls_version": _get(account, "minimum_tls_version"),
        "allow_shared_key_access": account.allow_shared_key_access,
        "public_network_access": _get(account, "public_network_access"),
        "network_default_action": _get(account, "network_rule_set", "default_action"),
        "network_bypass": _get(account, "network_rule_set", "bypass"),
        "infrastructure_encryption": _get(account, "encryption", "require_infrastructure_encryption"),
        "key_source": _get(account, "encryption", "key_source"),
        "key_vault_key": _get(account, "encryption", "key_vault_properties", "key_name"),
        "allow_cross_tenant_replication": account.allow_cross_tenant_replication,
        "default_to_oauth": account.default_to_o_auth_authentication,
        "key_expiration_days": _get(account, "key_policy", "key_expiration_period_in_days"),
        "tags": dict(account.tags or {}),
        "private_endpoints": [{"endpoint": _get(c, "private_endpoint", "id"),
                               "status": _get(c, "private_link_service_connection_state", "status")}
                              for c in getattr(account, "private_endpoint_connections", None) or []],
    }


def blob_service_config(service: Any) -> dict[str, Any]:
    return {
        "blob_soft_delete_days": (_get(service, "delete_retention_policy", "days")
                                  if _get(service, "delete_retention_policy", "enabled") else None),
        "container_soft_delete_days": (_get(service, "container_delete_retention_policy", "days")
                                       if _get(service, "container_delete_retention_policy", "enabled") else None),
        "versioning": bool(service.is_versioning_enabled),
    }


def resource_group_of(arm_id: str) -> str:
    parts = arm_id.split("/")
    return parts[parts.index("resourceGroups") + 1]


def vault_config(vault: dict[str, Any]) -> dict[str, Any]:
    """A Key Vault (ARM Vaults_ListBySubscription item): its management-plane protections. No key, secret
    or certificate is read (those are data-plane reads)."""
    properties = vault.get("properties") or {}
    acls = properties.get("networkAcls") or {}
    return {
        "soft_delete": properties.get("enableSoftDelete", True),   # absent: on (the default since 2020)
        "purge_protection": bool(properties.get("enablePurgeProtection")),
        "rbac_authorization": bool(properties.get("enableRbacAuthorization")),
        "public_network_access": properties.get("publicNetworkAccess") or "Enabled",
        "network_default_action": acls.get("defaultAction") or "Allow",
        "network_rules": {"ip_rules": [r.get("value") for r in acls.get("ipRules") or []],
                          "virtual_network_rules": [r.get("id") for r in acls.get("virtualNetworkRules") or []],
                          "bypass": acls.get("bypass")},
        "private_endpoints": [private_endpoint_config(c) for c in properties.get("privateEndpointConnections") or []],
    }


def private_endpoint_config(connection: dict[str, Any]) -> dict[str, Any]:
    """A private endpoint connection (ARM JSON, as embedded in a vault): its endpoint and approval state."""
    properties = connection.get("properties") or {}
    return {"endpoint": (properties.get("privateEndpoint") or {}).get("id"),
            "status": (properties.get("privateLinkServiceConnectionState") or {}).get("status")}


def role_assignments_config(assignments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Role assignments at or above the subscription (RoleAssignments_ListForSubscription, `atScope()`): who holds
    which role (the role definition's GUID) at which scope."""
    shaped = []
    for assignment in assignments:
        properties = assignment.get("properties") or {}
        shaped.append({"principal_id": properties.get("principalId"), "principal_type": properties.get("principalType"),
                       "role": str(properties.get("roleDefinitionId") or "").rstrip("/").rsplit("/", 1)[-1].lower(),
                       "scope": properties.get("scope")})
    return shaped


def defender_plans_config(pricings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The subscription's Microsoft Defender for Cloud plans (Pricings_List: every plan, on or not)."""
    plans = []
    for pricing in pricings:
        properties = pricing.get("properties") or {}
        plans.append({"name": pricing.get("name"), "pricing_tier": properties.get("pricingTier"),
                      "sub_plan": properties.get("subPlan"), "deprecated": bool(properties.get("deprecated")),
                      "replaced_by": list(properties.get("replacedBy") or [])})
    return plans


def sql_server_config(server: dict[str, Any]) -> dict[str, Any]:
    """An Azure SQL logical server (Servers_List item): who administers it and how it is reached."""
    properties = server.get("properties") or {}
    admin = properties.get("administrators") or {}
    return {"entra_admin": admin.get("login") if str(admin.get("administratorType", "")).lower() == "activedirectory"
            else None,
            "entra_only_authentication": bool(admin.get("azureADOnlyAuthentication")),
            "public_network_access": properties.get("publicNetworkAccess") or "Enabled",
            "minimal_tls_version": properties.get("minimalTlsVersion")}


def web_app_config(site: dict[str, Any]) -> dict[str, Any]:
    """An App Service app (WebApps_List item): the settings the listing itself carries."""
    properties = site.get("properties") or {}
    return {"kind": site.get("kind"), "https_only": bool(properties.get("httpsOnly")),
            "identity_type": (site.get("identity") or {}).get("type") or "None",
            "client_cert_enabled": bool(properties.get("clientCertEnabled"))}


def custom_role_config(role: dict[str, Any]) -> dict[str, Any]:
    """A role definition (RoleDefinitions_List item): what it grants and where it can be assigned."""
    properties = role.get("properties") or {}
    return {"role_name": properties.get("roleName"),
            "permissions": [{"actions": list(p.get("actions") or []), "not_actions": list(p.get("notActions") or [])}
                            for p in properties.get("permissions") or []],
            "assignable_scopes": list(properties.get("assignableScopes") or [])}


def flexible_server_config(server: dict[str, Any]) -> dict[str, Any]:
    """A PostgreSQL or MySQL flexible server (FlexibleServers_List item): how it is reached."""
    properties = server.get("properties") or {}
    network = properties.get("network") or {}
    return {"version": properties.get("version"),
            "public_network_access": network.get("publicNetworkAccess") or "Enabled",
            "private_subnet": network.get("delegatedSubnetResourceId")}


def diagnostic_settings_config(settings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Diagnostic settings (of a subscription or a resource): where they send logs and which they send."""
    destinations = ("storageAccountId", "workspaceId", "eventHubAuthorizationRuleId", "marketplacePartnerId")
    return [{"name": s.get("name"),
             "destinations": sorted(k for k in destinations if (s.get("properties") or {}).get(k)),
             "logs": [{"category": l.get("category"), "category_group": l.get("categoryGroup"),
                       "enabled": bool(l.get("enabled"))} for l in (s.get("properties") or {}).get("logs") or []]}
            for s in settings]


def activity_log_alerts_config(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Activity log alert rules: scopes, conditions (allOf leaves, anyOf kept), action groups, enabled."""
    return [{"name": a.get("name"), "enabled": (a.get("properties") or {}).get("enabled", True) is not False,
             "scopes": list((a.get("properties") or {}).get("scopes") or []),
             "conditions": list(((a.get("properties") or {}).get("condition") or {}).get("allOf") or []),
             "action_groups": [g.get("actionGroupId") for g in
                               ((a.get("properties") or {}).get("actions") or {}).get("actionGroups") or []]}
            for a in alerts]


def security_contacts_config(contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Defender for Cloud security contacts, in the 2023-12-01-preview shape or the older one."""
    shaped = []
    for contact in contacts:
        properties = contact.get("properties") or {}
        roles = properties.get("notificationsByRole") or {}
        sources = {s.get("sourceType"): s for s in properties.get("notificationsSources") or []}
        legacy = properties.get("alertNotifications") or {}
        alert = sources.get("Alert") or ({"minimalSeverity": legacy.get("minimalSeverity")}
                                         if str(legacy.get("state", "")).lower() == "on" else None)
        shaped.append({"name": contact.get("name"), "enabled": properties.get("isEnabled", True) is not False,
                       "emails": [e.strip() for e in str(properties.get("emails") or properties.get("email") or "")
                                  .replace(",", ";").split(";") if e.strip()],
                       "notify_roles": list(roles.get("roles") or []) if str(roles.get("state", "")).lower() == "on"
                       else [],
                       "alert_min_severity": (alert or {}).get("minimalSeverity") if alert else None,
                       "attack_path_min_risk": (sources.get("AttackPath") or {}).get("minimalRiskLevel")})
    return shaped


def names_config(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Resources of a kind in the subscription, by name and location (whether any exists is what is judged)."""
    return [{"name": i.get("name"), "location": i.get("location")} for i in items]


def network_watchers_config(watchers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": w.get("name"), "location": str(w.get("location") or "").lower().replace(" ", ""),
             "state": (w.get("properties") or {}).get("provisioningState")} for w in watchers]


def watcher_config(watcher: dict[str, Any]) -> dict[str, Any]:
    return {"state": (watcher.get("properties") or {}).get("provisioningState")}


def flow_logs_config(flow_logs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flow logs of a network watcher: what they capture (an NSG or a virtual network), retention, analytics."""
    shaped = []
    for log in flow_logs:
        properties = log.get("properties") or {}
        retention = properties.get("retentionPolicy") or {}
        analytics = ((properties.get("flowAnalyticsConfiguration") or {})
                     .get("networkWatcherFlowAnalyticsConfiguration") or {})
        shaped.append({"name": log.get("name"), "target": properties.get("targetResourceId"),
                       "enabled": bool(properties.get("enabled")),
                       "retention_days": (retention.get("days") or 0) if retention.get("enabled") else 0,
                       "traffic_analytics_workspace": analytics.get("workspaceResourceId")
                       if analytics.get("enabled") else None})
    return shaped


def vnet_config(vnet: dict[str, Any]) -> dict[str, Any]:
    """A virtual network: its subnets and the network security group on each (None when there is none), and
    its DDoS Network Protection."""
    properties = vnet.get("properties") or {}
    return {"subnets": [{"name": s.get("name"),
                         "nsg": ((s.get("properties") or {}).get("networkSecurityGroup") or {}).get("id")}
                        for s in properties.get("subnets") or []],
            "ddos_protection": bool(properties.get("enableDdosProtection")),
            "ddos_protection_plan": (properties.get("ddosProtectionPlan") or {}).get("id")}


def sql_database_config(database: dict[str, Any]) -> dict[str, Any]:
    return {"server": database["id"].split("/databases/", 1)[0].rsplit("/", 1)[-1],
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


def site_config_config(config: dict[str, Any]) -> dict[str, Any]:
    properties = config.get("properties") or {}
    return {"min_tls_version": properties.get("minTlsVersion"), "ftps_state": properties.get("ftpsState"),
            "http20_enabled": properties.get("http20Enabled")}


def expiry_config(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keys or secrets of a vault (data-plane list: metadata only, never a secret value): name, enabled,
    expiry, and whether Key Vault manages it (a certificate's backing key or secret)."""
    return [{"name": str(o.get("kid") or o.get("id") or "").rstrip("/").rsplit("/", 1)[-1],
             "enabled": (o.get("attributes") or {}).get("enabled", True) is not False,
             "expires": (o.get("attributes") or {}).get("exp"), "managed": bool(o.get("managed"))} for o in objects]


def vault_uri(vault: dict[str, Any]) -> str:
    return str((vault.get("properties") or {}).get("vaultUri") or "")


def server_parameter_config(parameter: dict[str, Any]) -> str | None:
    """A flexible server parameter (Configurations_Get): its value, lower case."""
    value = (parameter.get("properties") or {}).get("value")
    return None if value is None else str(value).lower()


def is_custom_role(role: dict[str, Any]) -> bool:
    return (role.get("properties") or {}).get("type") == "CustomRole"


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
    keys: tuple[str, ...]
    config: Callable[[dict[str, Any]], dict[str, Any]]
    keep: Callable[[dict[str, Any]], bool] = lambda item: True   # items of the listing that are this type
    display: Callable[[dict[str, Any]], str] = lambda item: item.get("name") or item["id"]   # the resource's name
    item_reads: dict[str, ArmRead] = field(default_factory=dict)
    children: tuple["ArmListing", ...] = ()   # listed below each item (`api` then a path relative to its id)
    # also kept on the subscription resource (key, shape of the whole listing): one GET serves both
    on_subscription: tuple[str, Callable[[list[dict[str, Any]]], Any]] | None = None

    @property
    def name(self) -> str:
        return (self.api.split("/providers/", 1)[1] if "/providers/" in self.api else self.api.strip("/")
                ).split("?", 1)[0]


# Key Vault data plane: listing keys and secrets returns their attributes, never a secret's value
KEY_VAULT_LIST = "Key Vault data plane: list keys and secrets (Key Vault Reader role or list access policies)"
DIAGNOSTIC_SETTINGS = ArmRead("/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview",
                              "Microsoft.Insights/DiagnosticSettings/Read", diagnostic_settings_config)

# The subscription's own settings (resource `azure.account`): config key -> read
SUBSCRIPTION_READS = {
    "activity_log_settings": ArmRead("/subscriptions/{subscription}" + DIAGNOSTIC_SETTINGS.path,
                                     DIAGNOSTIC_SETTINGS.permission, diagnostic_settings_config),
    "activity_log_alerts": ArmRead("/subscriptions/{subscription}/providers/Microsoft.Insights/activityLogAlerts"
                                   "?api-version=2020-10-01", "Microsoft.Insights/ActivityLogAlerts/Read",
                                   activity_log_alerts_config),
    "defender_plans": ArmRead("/subscriptions/{subscription}/providers/Microsoft.Security/pricings"
                              "?api-version=2024-01-01", "Microsoft.Security/pricings/read", defender_plans_config),
    "security_contacts": ArmRead("/subscriptions/{subscription}/providers/Microsoft.Security/securityContacts"
                                 "?api-version=2023-12-01-preview", "Microsoft.Security/securityContacts/read",
                                 security_contacts_config),
    "role_assignments": ArmRead("/subscriptions/{subscription}/providers/Microsoft.Authorization/roleAssignments"
                                "?$filter=atScope()&api-version=2022-04-01", "Microsoft.Authorization/roleAssignments/read",
                                role_assignments_config),
    "bastion_hosts": ArmRead("/subscriptions/{subscription}/providers/Microsoft.Network/bastionHosts"
                             "?api-version=2024-05-01", "Microsoft.Network/bastionHosts/read", names_config),
    "application_insights": ArmRead("/subscriptions/{subscription}/providers/Microsoft.Insights/components"
                                    "?api-version=2020-02-02", "Microsoft.Insights/components/read", names_config),
}

ARM_LISTINGS = (
    ArmListing(NSG_TYPE, "/subscriptions/{subscription}/providers/Microsoft.Network/networkSecurityGroups"
                         "?api-version=2024-05-01", "Microsoft.Network/networkSecurityGroups/read", NSG_KEYS, nsg_config),
    ArmListing(VAULT_TYPE, "/subscriptions/{subscription}/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01",
               "Microsoft.KeyVault/vaults/read", VAULT_KEYS, vault_config,
               item_reads={"diagnostic_settings": DIAGNOSTIC_SETTINGS,
                           "keys": ArmRead("keys?api-version=7.4", KEY_VAULT_LIST, expiry_config, data_plane=vault_uri),
                           "secrets": ArmRead("secrets?api-version=7.4", KEY_VAULT_LIST, expiry_config,
                                              data_plane=vault_uri)}),
    ArmListing(VNET_TYPE, "/subscriptions/{subscription}/providers/Microsoft.Network/virtualNetworks"
                          "?api-version=2024-05-01", "Microsoft.Network/virtualNetworks/read",
               ("subnets", "ddos_protection", "ddos_protection_plan"), vnet_config),
    ArmListing(WATCHER_TYPE, "/subscriptions/{subscription}/providers/Microsoft.Network/networkWatchers"
                             "?api-version=2024-05-01", "Microsoft.Network/networkWatchers/read", ("state",),
               watcher_config,
               item_reads={"flow_logs": ArmRead("/flowLogs?api-version=2024-05-01",
                                                "Microsoft.Network/networkWatchers/flowLogs/read", flow_logs_config)},
               on_subscription=("network_watchers", network_watchers_config)),
    ArmListing(SQL_SERVER_TYPE, "/subscriptions/{subscription}/providers/Microsoft.Sql/servers?api-version=2023-08-01",
               "Microsoft.Sql/servers/read", SQL_SERVER_KEYS, sql_server_config,
               item_reads={"firewall_rules": ArmRead("/firewallRules?api-version=2023-08-01",
                                                     "Microsoft.Sql/servers/firewallRules/read",
                                                     sql_firewall_rules_config),
                           "auditing": ArmRead("/auditingSettings/default?api-version=2023-08-01",
                                               "Microsoft.Sql/servers/auditingSettings/read", sql_auditing_config,
                                               paged=False)},
               children=(ArmListing(SQL_DATABASE_TYPE, "/databases?api-version=2023-08-01",
                                    "Microsoft.Sql/servers/databases/read", ("server", "status"), sql_database_config,
                                    keep=lambda db: db.get("name") != "master",   # the system database
                                    display=lambda db: db["id"].split("/servers/", 1)[1].replace("/databases/", "/"),
                                    item_reads={"tde": ArmRead("/transparentDataEncryption/current?api-version=2023-08-01",
                                                               "Microsoft.Sql/servers/databases/transparentDataEncryption/read",
                                                               tde_config, paged=False)}),)),
    ArmListing(WEB_APP_TYPE, "/subscriptions/{subscription}/providers/Microsoft.Web/sites?api-version=2023-12-01",
               "Microsoft.Web/sites/Read", WEB_APP_KEYS, web_app_config,
               item_reads={"site_config": ArmRead("/config/web?api-version=2023-12-01", "Microsoft.Web/sites/config/Read",
                                                  site_config_config, paged=False)}),
    # custom roles only (the filter asks the service; `keep` makes sure)
    ArmListing(CUSTOM_ROLE_TYPE, "/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions"
                                 "?$filter=type%20eq%20'CustomRole'&api-version=2022-04-01",
               "Microsoft.Authorization/roleDefinitions/read", CUSTOM_ROLE_KEYS, custom_role_config, is_custom_role,
               lambda role: (role.get("properties") or {}).get("roleName") or role["name"]),
    ArmListing(POSTGRESQL_TYPE, "/subscriptions/{subscription}/providers/Microsoft.DBforPostgreSQL/flexibleServers"
                                "?api-version=2022-12-01", "Microsoft.DBforPostgreSQL/flexibleServers/read",
               FLEXIBLE_SERVER_KEYS, flexible_server_config,
               item_reads={"require_secure_transport": ArmRead(
                   "/configurations/require_secure_transport?api-version=2022-12-01",
                   "Microsoft.DBforPostgreSQL/flexibleServers/configurations/read", server_parameter_config,
                   paged=False)}),
    ArmListing(MYSQL_TYPE, "/subscriptions/{subscription}/providers/Microsoft.DBforMySQL/flexibleServers"
                           "?api-version=2023-12-30", "Microsoft.DBforMySQL/flexibleServers/read",
               FLEXIBLE_SERVER_KEYS, flexible_server_config,
               item_reads={"require_secure_transport": ArmRead(
                   "/configurations/require_secure_transport?api-version=2023-12-30",
                   "Microsoft.DBforMySQL/flexibleServers/configurations/read", server_parameter_config,
                   paged=False)}),
)
