"""Azure RBAC (IaaS/PaaS control plane): custom roles that amount to subscription owner, who owns each
subscription, and elevated access at the root."""

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


SUBSCRIPTION = "azure.account"
OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"                    # built-in role definition GUIDs
USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"


def _at_or_above(scope: str | None, subscription_id: str) -> bool:
    """The assignment applies to the whole subscription: made on it, a management group or the root."""
    parts = [p.lower() for p in (scope or "").split("/") if p]
    return not parts or parts[0] == "providers" or parts == ["subscriptions", subscription_id.lower()]


@check(id="azure.authorization.subscription_owners_2_to_3", severity="medium", resource_type=SUBSCRIPTION,
       reads=("role_assignments",),
       title="The subscription has two or three Owners",
       rationale="One Owner is a single point of failure (and often a shared account); more than three spreads the "
                 "right to do anything, access included, too widely.",
       remediation="Assign the Owner role on the subscription to two or three named principals (or tightly "
                   "controlled groups) and remove the others (`az role assignment delete --role Owner ...`).")
def subscription_owners_2_to_3(subscription, snapshot):
    owners = sorted({a["principal_id"] for a in subscription.config["role_assignments"]
                     if a["role"] == OWNER and _at_or_above(a["scope"], subscription.account)})
    scopes = sorted({a["scope"] for a in subscription.config["role_assignments"] if a["principal_id"] in owners
                     and a["role"] == OWNER and _at_or_above(a["scope"], subscription.account)})
    evidence = {"owners": owners, "scopes": scopes}
    if 2 <= len(owners) <= 3:
        return passed(f"{len(owners)} Owners (assigned on the subscription or above)", **evidence)
    return failed(f"{len(owners)} Owner(s) (assigned on the subscription or above): the benchmark asks for 2 to 3",
                  **evidence)


@check(id="azure.authorization.no_root_user_access_administrator", severity="high", resource_type=SUBSCRIPTION,
       reads=("role_assignments",),
       title="Nobody holds User Access Administrator at the root scope (elevated access)",
       rationale="A Global Administrator who elevates access gets User Access Administrator on the root scope, "
                 "i.e. the right to grant themselves anything in every subscription; it should be removed right "
                 "after use.",
       remediation="Remove the role assignment at scope `/` (`az role assignment delete --role \"User Access "
                    "Administrator\" --scope /`), or turn elevated access off in Entra ID > Properties.")
def no_root_user_access_administrator(subscription, snapshot):
    elevated = sorted({a["principal_id"] for a in subscription.config["role_assignments"]
                       if a["role"] == USER_ACCESS_ADMINISTRATOR and (a["scope"] or "").strip() == "/"})
    if elevated:
        return failed(f"User Access Administrator at the root scope: {', '.join(elevated)}", principals=elevated)
    return passed("no User Access Administrator assignment at the root scope")
