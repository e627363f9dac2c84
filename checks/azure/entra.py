"""Entra ID tenant checks (SaaS): identity, consent and guest access stay with the customer (Microsoft 365
sharing is in m365.py)."""

from srmscan.analysis import entra_ca as ca
from srmscan.check import check, failed, passed

TENANT = "azure.entra.tenant"


def _verdict(policies, requirement, met: str, unmet: str):
    found, rejected = ca.evaluate(policies, requirement)
    if found:
        return passed(f"{met}: policy '{found['policy']}'", policy=found, other_policies=len(rejected))
    return failed(unmet, policies_considered=rejected)


@check(
    id="azure.entra.mfa_all_users",
    title="An enforced conditional access policy requires MFA for all users on all cloud apps",
    severity="high",
    resource_type=TENANT,
    rationale="Passwords alone are phished and sprayed daily; requiring MFA for every user and app is the tenant's "
              "job, not Microsoft's.",
    remediation="Create (or switch from report-only to On) a policy: users All (exclude only break-glass accounts), "
                "target resources All cloud apps, grant Require multifactor authentication.",
    reads=("conditional_access_policies",),
)
def mfa_all_users(tenant, snapshot):
    return _verdict(tenant.config["conditional_access_policies"],
                    lambda p: ca.why_not(p, users_ok=ca.includes_all_users(p), grant_ok=ca.requires_mfa(p)),
                    "MFA is required for all users", "no enforced policy requires MFA for all users on all cloud apps")


@check(
    id="azure.entra.legacy_auth_blocked",
    title="An enforced conditional access policy blocks legacy authentication",
    severity="high",
    resource_type=TENANT,
    rationale="Legacy protocols (IMAP, POP, SMTP AUTH, older Office clients) cannot do MFA, so they bypass it.",
    remediation="Create a policy: users All, target resources All cloud apps, client apps Exchange ActiveSync and "
                "Other clients, grant Block access.",
    reads=("conditional_access_policies",),
)
def legacy_auth_blocked(tenant, snapshot):
    return _verdict(tenant.config["conditional_access_policies"],
                    lambda p: ca.why_not(p, users_ok=ca.includes_all_users(p), grant_ok=ca.blocks(p),
                                         allow_client_apps=ca.LEGACY_CLIENTS),
                    "legacy authentication is blocked", "no enforced policy blocks legacy authentication for all users")


@check(
    id="azure.entra.mfa_admin_roles",
    title="An enforced conditional access policy requires MFA for administrative roles",
    severity="critical",
    resource_type=TENANT,
    rationale="A compromised administrator owns the tenant; their sign-ins must always require MFA.",
    remediation="Create a policy: users Directory roles (at least Global, Privileged Role and Security "
                "Administrator), target resources All cloud apps, grant Require multifactor authentication.",
    reads=("conditional_access_policies",),
)
def mfa_admin_roles(tenant, snapshot):
    def requirement(policy):
        covers = ca.includes_all_users(policy) or set(ca.KEY_ADMIN_ROLES) <= ca.included_roles(policy)
        return ca.why_not(policy, users_ok=covers, grant_ok=ca.requires_mfa(policy))

    return _verdict(tenant.config["conditional_access_policies"], requirement, "MFA is required for administrators",
                    "no enforced policy requires MFA for " + ", ".join(ca.KEY_ADMIN_ROLES.values()))


@check(
    id="azure.entra.risky_signin_policy",
    title="An enforced conditional access policy challenges or blocks risky sign-ins",
    severity="medium",
    resource_type=TENANT,
    rationale="Sign-ins that Entra ID Protection scores as risky (leaked credentials, impossible travel) should "
              "need MFA or be blocked.",
    remediation="Create a policy: users All, target resources All cloud apps, condition sign-in risk High and Medium, "
                "grant Require multifactor authentication with session sign-in frequency Every time (or Block).",
    reads=("conditional_access_policies",),
)
def risky_signin_policy(tenant, snapshot):
    def requirement(policy):
        reasons = ca.why_not(policy, users_ok=ca.includes_all_users(policy),
                             grant_ok=ca.requires_mfa(policy) or ca.blocks(policy), allow_risk=True)
        missing = sorted({"high", "medium"} - ca.risk_levels(policy))
        if missing:
            reasons.append(f"does not target {' and '.join(missing)} sign-in risk")
        if not ca.blocks(policy) and not ca.signs_in_every_time(policy):
            reasons.append("does not require sign-in every time (session sign-in frequency)")
        return reasons

    return _verdict(tenant.config["conditional_access_policies"], requirement, "risky sign-ins are challenged",
                    "no enforced policy requires MFA or blocks risky sign-ins")


@check(
    id="azure.entra.security_defaults_or_conditional_access",
    title="Security defaults or conditional access protect sign-ins",
    severity="high",
    resource_type=TENANT,
    rationale="A tenant with neither security defaults nor an enforced MFA policy lets every account sign in with a "
              "password alone.",
    remediation="Turn on security defaults, or (with Entra ID P1) enforce conditional access policies requiring MFA.",
    reads=("security_defaults", "conditional_access_policies"),
)
def security_defaults_or_conditional_access(tenant, snapshot):
    if tenant.config["security_defaults"].get("isEnabled"):
        return passed("security defaults are on")
    enforcing = [p.get("displayName") for p in tenant.config["conditional_access_policies"]
                 if ca.enabled(p) and ca.requires_mfa(p)]
    if enforcing:
        return passed("conditional access enforces MFA", policies=enforcing)
    return failed("security defaults are off and no enabled conditional access policy requires MFA")


@check(
    id="azure.entra.user_consent_restricted",
    title="Users cannot consent to any application on their own",
    severity="medium",
    resource_type=TENANT,
    rationale="Illicit consent grants let a malicious app read mail and files with a user's click; which apps may be "
              "trusted is the tenant's integration decision.",
    remediation="Entra admin center > Enterprise apps > Consent and permissions: Do not allow user consent (or allow "
                "only verified publishers for low-impact permissions), and set up the admin consent workflow.",
    reads=("authorization_policy",),
)
def user_consent_restricted(tenant, snapshot):
    permissions = tenant.config["authorization_policy"].get("defaultUserRolePermissions") or {}
    assigned = list(permissions.get("permissionGrantPoliciesAssigned") or [])
    self_consent = [p for p in assigned if p.startswith("ManagePermissionGrantsForSelf.")]
    if any(p.endswith("microsoft-user-default-legacy") for p in self_consent):
        return failed("users can consent to any application for the data they can reach", policies=assigned)
    if self_consent:
        return passed("user consent is limited by a permission grant policy", policies=self_consent)
    return passed("users cannot consent to applications", policies=assigned)


@check(
    id="azure.entra.guest_invitations_restricted",
    title="Only administrators and guest inviters can invite guests",
    severity="low",
    resource_type=TENANT,
    rationale="When every user (or every guest) can invite external users, outsiders enter the directory without "
              "review.",
    remediation="Entra admin center > External Identities > External collaboration settings: Guest invite "
                "restrictions = Only users assigned to specific admin roles can invite guest users.",
    reads=("authorization_policy",),
)
def guest_invitations_restricted(tenant, snapshot):
    setting = tenant.config["authorization_policy"].get("allowInvitesFrom")
    if setting in ("none", "adminsAndGuestInviters"):
        return passed(f"guest invitations: {setting}", allow_invites_from=setting)
    return failed(f"guest invitations are open to {setting}", allow_invites_from=setting)


@check(
    id="azure.entra.no_privileged_guests",
    title="No guest user holds a privileged Entra ID directory role",
    severity="high",
    resource_type=TENANT,
    rationale="A guest's account lives in another organisation, outside the customer's lifecycle and authentication "
              "policies; it should never administer the tenant.",
    remediation="Remove the directory role assignments of guest users (Entra admin center > Roles and "
                "administrators), or replace the guest by a member account under your own policies.",
    reads=("guest_users", "directory_role_assignments", "directory_roles"),
)
def no_privileged_guests(tenant, snapshot):
    guests = {g["id"]: g.get("userPrincipalName") or g["id"] for g in tenant.config["guest_users"]}
    roles = {r["id"]: r for r in tenant.config["directory_roles"]}

    def privileged(role_id):
        role = roles.get(role_id) or {}
        if "isPrivileged" in role and role["isPrivileged"] is not None:
            return bool(role["isPrivileged"])
        return "Administrator" in (role.get("displayName") or role_id)   # unknown role id: judged by its name

    held = {}
    for assignment in tenant.config["directory_role_assignments"]:
        guest = guests.get(assignment.get("principalId"))
        if guest and privileged(assignment.get("roleDefinitionId")):
            role = roles.get(assignment.get("roleDefinitionId"), {}).get("displayName") or assignment.get("roleDefinitionId")
            held.setdefault(guest, []).append(role)
    if held:
        return failed("; ".join(f"{guest} holds {', '.join(sorted(r))}" for guest, r in sorted(held.items())),
                      guests=held)
    return passed(f"none of {len(guests)} guest user(s) holds a privileged directory role")
