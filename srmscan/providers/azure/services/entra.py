"""Entra ID and Microsoft 365 tenant settings, read from Microsoft Graph v1.0."""

from __future__ import annotations

from srmscan.providers.azure.declare import TENANT_TYPE, Graph
from srmscan.providers.declare import Read


TYPES = ()
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
)}
