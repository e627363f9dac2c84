"""Entra ID and Microsoft 365 tenant settings, read from Microsoft Graph v1.0."""

from __future__ import annotations

from srmscan.providers.azure.declare import ArmRead, GraphRead


SUBSCRIPTION_READS: dict[str, ArmRead] = {}   # no subscription-level read

# Microsoft Graph v1.0 reads on the tenant resource: config key -> read
GRAPH_READS = {
    "conditional_access_policies": GraphRead(*("/v1.0/identity/conditionalAccess/policies", True), "Policy.Read.All"),
    "security_defaults": GraphRead(*("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy", False), "Policy.Read.All"),
    "authorization_policy": GraphRead(*("/v1.0/policies/authorizationPolicy", False), "Policy.Read.All"),
    "sharepoint_settings": GraphRead(*("/v1.0/admin/sharepoint/settings", False), "SharePointTenantSettings.Read.All"),
    "guest_users": GraphRead(*("/v1.0/users?$filter=userType%20eq%20'Guest'&$select=id,userPrincipalName,displayName", True), "User.Read.All"),
    "directory_role_assignments": GraphRead(*("/v1.0/roleManagement/directory/roleAssignments"
                                   "?$select=id,principalId,roleDefinitionId,directoryScopeId", True), "RoleManagement.Read.Directory"),
    "directory_roles": GraphRead(*("/v1.0/roleManagement/directory/roleDefinitions?$select=id,displayName,isPrivileged,isBuiltIn",
                        True), "RoleManagement.Read.Directory"),
}

LISTINGS = (
)
