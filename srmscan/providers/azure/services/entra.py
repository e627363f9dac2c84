"""Entra ID and Microsoft 365 tenant settings, read from Microsoft Graph v1.0; and the tenant's integrations:
its application registrations (credentials, owners, federated identity credentials) and the service principals
of the applications that act in it, with the Microsoft Graph application permissions and the delegated grants
they hold."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import TENANT_SCOPE, TENANT_TYPE, Graph
from srmscan.providers.declare import Listing, Read, ResourceType

APPLICATION_TYPE = "azure.entra.application"
SERVICE_PRINCIPAL_TYPE = "azure.entra.service_principal"
MICROSOFT_GRAPH = "00000003-0000-0000-c000-000000000000"   # Microsoft Graph's appId, the same in every tenant
# The tenants Microsoft registers its own first-party applications in: their service principals are Microsoft's
MICROSOFT_TENANTS = frozenset({"f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47"})


def _credentials(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """passwordCredentials / keyCredentials: validity and names only (never a secret's hint or a key)."""
    return [{"key_id": c.get("keyId"), "name": c.get("displayName"), "start": c.get("startDateTime"),
             "end": c.get("endDateTime")} for c in items or []]


def application_config(app: dict[str, Any]) -> dict[str, Any]:
    """An application registration (applications list, selected properties)."""
    return {"client_secrets": _credentials(app.get("passwordCredentials")),
            "certificates": _credentials(app.get("keyCredentials"))}


def federated_credentials_config(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An application's federated identity credentials: who may exchange a token for the app's."""
    return [{"name": f.get("name"), "issuer": f.get("issuer"), "subject": f.get("subject"),
             "claims_expression": (f.get("claimsMatchingExpression") or {}).get("value")} for f in items]


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [str(i.get("id")) for i in items]


def service_principal_config(sp: dict[str, Any]) -> dict[str, Any]:
    """A service principal (servicePrincipals list, selected properties)."""
    return {"owner_tenant": sp.get("appOwnerOrganizationId"), "sign_in_audience": sp.get("signInAudience")}


def _not_microsoft(sp: dict[str, Any]) -> bool:
    """Microsoft's own first-party service principals are Microsoft's to secure: not listed as resources."""
    return sp.get("appOwnerOrganizationId") not in MICROSOFT_TENANTS


def graph_permissions_config(graph: dict[str, Any]) -> dict[str, Any]:
    """Microsoft Graph's service principal in this tenant: its object id and its application permissions
    (app role id -> permission name)."""
    return {"id": graph.get("id"), "app_roles": {str(r.get("id")): r.get("value") for r in graph.get("appRoles") or []}}


def app_role_grants_config(assignments: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Who holds Microsoft Graph application permissions (appRoleAssignedTo): principal id -> app role ids."""
    held: dict[str, list[str]] = {}
    for assignment in assignments:
        held.setdefault(str(assignment.get("principalId")), []).append(str(assignment.get("appRoleId")))
    return held


def delegated_grants_config(grants: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Delegated permission grants (oauth2PermissionGrants): client service principal id -> its grants."""
    found: dict[str, list[dict[str, Any]]] = {}
    for grant in grants:
        found.setdefault(str(grant.get("clientId")), []).append(
            {"consent_type": grant.get("consentType"), "resource": grant.get("resourceId"),
             "scopes": str(grant.get("scope") or "").split()})
    return found


TYPES = (
    ResourceType(APPLICATION_TYPE, "entra", Listing(Graph(
        "/v1.0/applications?$select=id,displayName,passwordCredentials,keyCredentials"),
        "Application.Read.All"), application_config, scope=TENANT_SCOPE,
        identity=lambda app, owner: (f"/applications/{app['id']}", app.get("displayName") or app["id"]),
        reads=(Read("owners", Graph("/v1.0/applications/{id}/owners?$select=id"), "Application.Read.All", ids),
               Read("federated_credentials", Graph("/v1.0/applications/{id}/federatedIdentityCredentials"),
                    "Application.Read.All", federated_credentials_config))),
    ResourceType(SERVICE_PRINCIPAL_TYPE, "entra", Listing(Graph(
        "/v1.0/servicePrincipals?$select=id,displayName,appOwnerOrganizationId,signInAudience"), "Application.Read.All"), service_principal_config, scope=TENANT_SCOPE,
        keep=_not_microsoft,
        identity=lambda sp, owner: (f"/servicePrincipals/{sp['id']}", sp.get("displayName") or sp["id"])),
)
# Microsoft Graph v1.0 reads on the tenant resource
SCOPE_READS = {TENANT_TYPE: (
    Read("conditional_access_policies", Graph("/v1.0/identity/conditionalAccess/policies"), "Policy.Read.All"),
    Read("security_defaults", Graph("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy", paged=False),
         "Policy.Read.All"),
    Read("authorization_policy", Graph("/v1.0/policies/authorizationPolicy", paged=False), "Policy.Read.All"),
    Read("sharepoint_settings", Graph("/v1.0/admin/sharepoint/settings", paged=False),
         "SharePointTenantSettings.Read.All"),
    Read("guest_users", Graph("/v1.0/users?$filter=userType%20eq%20'Guest'&$select=id,userPrincipalName,displayName"),
         "User.Read.All"),
    Read("directory_role_assignments", Graph("/v1.0/roleManagement/directory/roleAssignments"
                                             "?$select=id,principalId,roleDefinitionId,directoryScopeId"),
         "RoleManagement.Read.Directory"),
    Read("directory_roles", Graph("/v1.0/roleManagement/directory/roleDefinitions"
                                  "?$select=id,displayName,isPrivileged,isBuiltIn"), "RoleManagement.Read.Directory"),
    Read("graph_permissions", Graph(f"/v1.0/servicePrincipals(appId='{MICROSOFT_GRAPH}')?$select=id,appRoles",
                                    paged=False), "Application.Read.All", graph_permissions_config),
    Read("graph_app_role_grants", Graph(f"/v1.0/servicePrincipals(appId='{MICROSOFT_GRAPH}')/appRoleAssignedTo"),
         "Application.Read.All", app_role_grants_config),
    Read("delegated_grants", Graph("/v1.0/oauth2PermissionGrants"), "DelegatedPermissionGrant.Read.All",
         delegated_grants_config),
)}
