"""Authorization: custom roles with their permissions, and the role assignments at or above each
subscription."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, CUSTOM_ROLE_TYPE, SUBSCRIPTION_TYPE, listing
from srmscan.providers.declare import Read, ResourceType


def custom_role_config(role: dict[str, Any]) -> dict[str, Any]:
    """A role definition (RoleDefinitions_List item): what it grants and where it can be assigned."""
    properties = role.get("properties") or {}
    return {"role_name": properties.get("roleName"),
            "permissions": [{"actions": list(p.get("actions") or []), "not_actions": list(p.get("notActions") or [])}
                            for p in properties.get("permissions") or []],
            "assignable_scopes": list(properties.get("assignableScopes") or [])}


def is_custom_role(role: dict[str, Any]) -> bool:
    return (role.get("properties") or {}).get("type") == "CustomRole"


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


# The subscription's own settings (resource `azure.account`): config key -> read
TYPES = (
    ResourceType(CUSTOM_ROLE_TYPE, "authorization",
                 listing("/providers/Microsoft.Authorization/roleDefinitions?$filter=type%20eq%20'CustomRole'"
                         "&api-version=2022-04-01", "Microsoft.Authorization/roleDefinitions/read"),
                 custom_role_config, keep=is_custom_role,
                 identity=lambda role, _subscription: (role["id"], (role.get("properties") or {}).get("roleName")
                                                       or role["name"])),
)
SCOPE_READS = {SUBSCRIPTION_TYPE: (
    Read("role_assignments", Arm("/subscriptions/{subscription}/providers/Microsoft.Authorization/roleAssignments"
                                 "?$filter=atScope()&api-version=2022-04-01"),
         "Microsoft.Authorization/roleAssignments/read", role_assignments_config),
)}
