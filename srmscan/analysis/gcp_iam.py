"""Reading Google Cloud IAM policies: who holds which role, and which members are the public.

A binding with a condition still grants its role to its members under that condition; srmscan counts it and
shows the condition (a time or resource condition does not make a grant to the wrong principal right)."""

from __future__ import annotations

from typing import Any, Callable

from srmscan.check import Verdict, failed, passed

PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
PRIMITIVE_WRITE_ROLES = ("roles/owner", "roles/editor")


def holders(policy: dict[str, Any], role_matches: Callable[[str], bool],
            member_matches: Callable[[str], bool] = lambda member: True) -> dict[str, list[str]]:
    """member -> the matching roles it holds (with ' (conditional)' for a conditional binding)."""
    found: dict[str, list[str]] = {}
    for binding in policy.get("bindings") or []:
        role = binding.get("role", "")
        if not role_matches(role):
            continue
        for member in binding.get("members") or []:
            if member_matches(member):
                found.setdefault(member, []).append(role + (" (conditional)" if binding.get("condition") else ""))
    return {member: sorted(roles) for member, roles in sorted(found.items())}


def roles_of(policy: dict[str, Any]) -> dict[str, set[str]]:
    """member -> every role it holds in the policy."""
    roles: dict[str, set[str]] = {}
    for binding in policy.get("bindings") or []:
        for member in binding.get("members") or []:
            roles.setdefault(member, set()).add(binding.get("role", ""))
    return roles


def is_admin_role(role: str) -> bool:
    """CIS: roles whose name contains Admin/admin, and Editor and Owner."""
    return role in PRIMITIVE_WRITE_ROLES or "admin" in role.rsplit("/", 1)[-1].lower()


def is_user_created_service_account(member: str) -> bool:
    """`serviceAccount:NAME@PROJECT.iam.gserviceaccount.com`: created by a user (Google's own service agents and
    the Compute / App Engine default accounts have other domains)."""
    return member.startswith("serviceAccount:") and member.endswith(".iam.gserviceaccount.com")


def is_person(member: str) -> bool:
    return member.split(":", 1)[0] in ("user", "group", "domain", "principal", "principalSet")


def public_grants(policy: dict) -> Verdict:
    """A resource's IAM policy (bindings) judged for the public: FAIL naming what allUsers and
    allAuthenticatedUsers hold, else PASS."""
    found = holders(policy, lambda role: True, lambda member: member in PUBLIC_MEMBERS)
    if found:
        return failed("the public holds " + "; ".join(f"{m}: {', '.join(r)}" for m, r in found.items()), holders=found)
    return passed("no binding names allUsers or allAuthenticatedUsers")


# Roles that let their holder act as, or mint credentials for, the project's service accounts.
IMPERSONATION_ROLES = ("roles/owner", "roles/iam.serviceAccountTokenCreator", "roles/iam.serviceAccountUser",
                       "roles/iam.workloadIdentityUser", "roles/iam.serviceAccountOpenIdTokenCreator",
                       "roles/iam.serviceAccountKeyAdmin")


def organization_domains(inherited: list[dict[str, Any]], trusted: list[str] = ()) -> list[str]:
    """The organisation's primary domain (from the project's ancestors, if it has an organisation) and the domains
    the user trusts as its own (the trusted_domains parameter: secondary domains, partners' tenants)."""
    primary = [str(a["domain"]).lower() for a in inherited or [] if a.get("domain")][:1]
    return list(dict.fromkeys(primary + [d.lower() for d in trusted]))


def member_domain(member: str) -> str | None:
    """The domain a person-type member belongs to: `user:` / `group:` e-mail domains, `domain:` itself; None for
    service accounts, the public, workload identity principals and deleted members."""
    kind, _, value = member.partition(":")
    if kind in ("user", "group"):
        return value.rsplit("@", 1)[-1].lower() if "@" in value else None
    return value.lower() if kind == "domain" else None


def outside(domain: str, organization: str) -> bool:
    return domain != organization and not domain.endswith("." + organization)


def foreign_holders(policy: dict[str, Any], organization: str | list[str],
                    role_matches: Callable[[str], bool] = lambda role: True) -> dict[str, list[str]]:
    """Members from domains other than the organisation's (and their subdomains) -> the matching roles they hold."""
    own = [organization] if isinstance(organization, str) else organization
    return holders(policy, role_matches,
                   lambda m: (d := member_domain(m)) is not None and all(outside(d, o) for o in own))


def other_projects_service_accounts(policy: dict[str, Any], project: str) -> dict[str, list[str]]:
    """User-created service accounts of other projects -> the roles they hold in this project's policy."""
    return holders(policy, lambda role: True, lambda m: is_user_created_service_account(m)
                   and not m.endswith(f"@{project}.iam.gserviceaccount.com"))
