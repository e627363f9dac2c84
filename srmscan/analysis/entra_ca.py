"""Microsoft Entra conditional access: does an enforced policy cover everyone, every app, with MFA?

Semantics (Microsoft Graph v1.0 conditionalAccessPolicy; Entra conditional access documentation):
- only `state: enabled` enforces; `enabledForReportingButNotEnforced` (report-only) and `disabled` do not;
- coverage: users.includeUsers contains "All" (or the roles in question are included), and
  applications.includeApplications contains "All"; a policy scoped to some apps covers only those;
- narrowing conditions (client app types other than "all", platforms, locations, risk levels) mean
  the policy does not apply to every sign-in;
- exclusions of named users (break-glass accounts) are reported; excluding groups, roles or guests
  and external users removes a whole population and fails the check;
- MFA is required when the grant needs "mfa" or an authentication strength and no alternative
  control can satisfy it (operator OR with other controls lets a user choose the alternative).
"""

from __future__ import annotations

from typing import Any

from srmscan.analysis import SHAPE_ERRORS, MalformedData

GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10"
PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814"
SECURITY_ADMINISTRATOR = "194ae4cb-b126-40b2-bd5b-6091b380977d"
KEY_ADMIN_ROLES = {GLOBAL_ADMINISTRATOR: "Global Administrator",
                   PRIVILEGED_ROLE_ADMINISTRATOR: "Privileged Role Administrator",
                   SECURITY_ADMINISTRATOR: "Security Administrator"}
LEGACY_CLIENTS = {"exchangeActiveSync", "other"}


def _list(value: Any) -> list:
    return list(value or [])


def enabled(policy: dict) -> bool:
    return policy.get("state") == "enabled"


def requires_mfa(policy: dict) -> bool:
    grant = policy.get("grantControls") or {}
    controls = set(_list(grant.get("builtInControls")))
    strength = grant.get("authenticationStrength")
    if (grant.get("operator") or "OR").upper() == "AND":
        return "mfa" in controls or bool(strength)
    return (controls <= {"mfa"}) and bool(controls or strength)


def blocks(policy: dict) -> bool:
    return "block" in _list((policy.get("grantControls") or {}).get("builtInControls"))


def signs_in_every_time(policy: dict) -> bool:
    """Session control sign-in frequency 'Every time' (reauthentication on each risky sign-in)."""
    frequency = (policy.get("sessionControls") or {}).get("signInFrequency") or {}
    return bool(frequency.get("isEnabled")) and frequency.get("frequencyInterval") == "everyTime"


def all_apps(policy: dict) -> bool:
    return "All" in _list(((policy.get("conditions") or {}).get("applications") or {}).get("includeApplications"))


def narrowing(policy: dict, allow_client_apps: set[str] | None = None, allow_risk: bool = False) -> list[str]:
    """Conditions that keep the policy from applying to every sign-in."""
    conditions = policy.get("conditions") or {}
    found = []
    client_apps = set(_list(conditions.get("clientAppTypes"))) or {"all"}
    if "all" not in client_apps and not (allow_client_apps and allow_client_apps <= client_apps):
        found.append(f"client apps {sorted(client_apps)}")
    if conditions.get("platforms"):
        found.append("platforms")
    if conditions.get("locations"):
        found.append("locations")
    if not allow_risk and (_list(conditions.get("signInRiskLevels")) or _list(conditions.get("userRiskLevels"))):
        found.append("risk levels")
    return found


def exclusions(policy: dict) -> dict[str, Any]:
    users = (policy.get("conditions") or {}).get("users") or {}
    apps = (policy.get("conditions") or {}).get("applications") or {}
    found = {key: _list(users.get(key)) for key in ("excludeUsers", "excludeGroups", "excludeRoles") if users.get(key)}
    if users.get("excludeGuestsOrExternalUsers"):
        found["excludeGuestsOrExternalUsers"] = users["excludeGuestsOrExternalUsers"]
    if apps.get("excludeApplications"):
        found["excludeApplications"] = _list(apps["excludeApplications"])
    return found


def broad_exclusions(policy: dict) -> list[str]:
    return [key for key in ("excludeGroups", "excludeRoles", "excludeGuestsOrExternalUsers") if key in exclusions(policy)]


def includes_all_users(policy: dict) -> bool:
    return "All" in _list(((policy.get("conditions") or {}).get("users") or {}).get("includeUsers"))


def included_roles(policy: dict) -> set[str]:
    return set(_list(((policy.get("conditions") or {}).get("users") or {}).get("includeRoles")))


def risk_levels(policy: dict) -> set[str]:
    return set(_list((policy.get("conditions") or {}).get("signInRiskLevels")))


def why_not(policy: dict, *, users_ok: bool, grant_ok: bool, allow_client_apps: set[str] | None = None,
            allow_risk: bool = False) -> list[str]:
    """Every reason this policy does not satisfy a requirement (empty: it does)."""
    reasons = []
    if not enabled(policy):
        reasons.append(f"state is {policy.get('state')}")
    if not users_ok:
        reasons.append("does not include all the users in question")
    if not all_apps(policy):
        reasons.append("not scoped to all cloud apps")
    if not grant_ok:
        reasons.append("grant does not meet the requirement")
    reasons += [f"narrowed by {n}" for n in narrowing(policy, allow_client_apps, allow_risk)]
    reasons += [f"broad exclusion: {b}" for b in broad_exclusions(policy)]
    return reasons


def summary(policy: dict, reasons: list[str]) -> dict[str, Any]:
    entry = {"policy": policy.get("displayName") or policy.get("id"), "id": policy.get("id"), "state": policy.get("state")}
    if reasons:
        entry["why_not"] = reasons
    if exclusions(policy):
        entry["exclusions"] = exclusions(policy)
    return entry


class MalformedPolicy(MalformedData):
    """A conditional access policy that is not in Microsoft Graph's conditionalAccessPolicy shape."""


def evaluate(policies: list[dict], requirement) -> tuple[dict | None, list[dict]]:
    """(first policy meeting `requirement`, summaries of the others). `requirement(policy) -> reasons`."""
    if not isinstance(policies, list):
        raise MalformedPolicy(f"conditional access policies are a {type(policies).__name__}, not a list")
    rejected = []
    for policy in policies:
        try:
            if not isinstance(policy, dict):
                raise TypeError(f"a {type(policy).__name__}, not an object")
            reasons = requirement(policy)
            entry = summary(policy, reasons)
        except SHAPE_ERRORS as exc:
            name = policy.get("displayName") if isinstance(policy, dict) else None
            raise MalformedPolicy(f"conditional access policy {name!r} has an unexpected shape "
                                  f"({type(exc).__name__}: {exc})") from None
        if not reasons:
            return entry, rejected
        rejected.append(entry)
    return None, rejected
