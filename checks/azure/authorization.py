"""Azure RBAC custom roles (IaaS/PaaS control plane): roles that amount to subscription owner."""

import fnmatch

from srmscan.check import check, failed, passed

# Owner rights are everything, including handing out access: a role that can write role assignments
# and do anything else.
GRANT_ACCESS = "Microsoft.Authorization/roleAssignments/write"


def _matches(action: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def _grants(block: dict, action: str) -> bool:
    return (any(_matches(action, p) for p in block["actions"])
            and not any(_matches(action, p) for p in block["not_actions"]))


def _subscription_wide(scope: str) -> bool:
    parts = [p for p in scope.strip().split("/") if p]
    return not parts or parts[0].lower() == "providers" or (parts[0].lower() == "subscriptions" and len(parts) == 2)


@check(id="azure.authorization.no_custom_owner_role", severity="high", resource_type="azure.authorization.custom_role",
       reads=("role_name", "permissions", "assignable_scopes"),
       title="No custom role grants subscription owner rights",
       rationale="A custom role with every action, role assignments included, assignable at a subscription or "
                 "above, is an Owner that escapes reviews of the built-in Owner role.",
       remediation="Narrow the role's actions to what its holders need (or use the built-in roles), and exclude "
                   "Microsoft.Authorization/*/write.")
def no_custom_owner_role(role, snapshot):
    scopes = [s for s in role.config["assignable_scopes"] if _subscription_wide(s)]
    everything = [b for b in role.config["permissions"] if "*" in b["actions"] and _grants(b, GRANT_ACCESS)]
    if everything and scopes:
        return failed(f"role {role.config['role_name']!r} grants every action, role assignments included, "
                      f"assignable at {', '.join(scopes)}", assignable_scopes=scopes)
    if everything:
        return passed("grants every action, but only below subscription level: "
                      + ", ".join(role.config["assignable_scopes"]))
    return passed("does not grant every action with role assignments")
