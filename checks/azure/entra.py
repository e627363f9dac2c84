"""Entra ID tenant checks (SaaS): identity, consent, guest access and the tenant's integrations (applications, their
credentials and the permissions they hold) stay with the customer (Microsoft 365
sharing is in m365.py)."""

from srmscan.analysis import entra_ca as ca
from srmscan.analysis.entra_integrations import (PRIVILEGED_APP_ROLES, federated_subject_problem, privileged_roles,
                                                 risky_delegated)
from srmscan.analysis.validity import moment, twelve_month_verdict
from srmscan.check import check, failed, judged, passed

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


# -- integrations: the tenant's applications and the service principals that act in it -----------------------
APPLICATION = "azure.entra.application"
SERVICE_PRINCIPAL = "azure.entra.service_principal"
GRANT_READS = ("owner_tenant", "sign_in_audience", "tenant.graph_permissions", "tenant.graph_app_role_grants")


def _tenant(resource, snapshot):
    return snapshot.in_account(resource, TENANT)[0]


def _privileged(sp, snapshot):
    tenant = _tenant(sp, snapshot).config
    held = privileged_roles(sp.id.rsplit("/", 1)[-1], tenant["graph_permissions"], tenant["graph_app_role_grants"])
    what = "; ".join(f"{name} ({PRIVILEGED_APP_ROLES[name]})" for name in held)
    return held, what


@check(id="azure.entra.app_privileged_graph_permissions", severity="high", resource_type=SERVICE_PRINCIPAL,
       reads=GRANT_READS, title="The tenant's own applications hold no tenant-wide Microsoft Graph application permission",
       rationale="An application permission works without a signed-in user: whoever holds the app's secret or "
                 "certificate can take over the tenant (role management, app role assignment) or read everyone's "
                 "mail and files, with no MFA and no conditional access in the way.",
       remediation="Replace the permission with a narrower one (Sites.Selected, Mail with an application access "
                   "policy, RBAC for Applications) and remove the grant (Enterprise applications > the app > "
                   "Permissions).")
def app_privileged_graph_permissions(sp, snapshot):
    if sp.config["owner_tenant"] not in (None, sp.account):
        return passed("registered in another tenant: judged by azure.entra.external_app_privileged_graph_permissions")
    held, what = _privileged(sp, snapshot)
    multi = " (a multi-tenant app: other organisations can consent to it as well)" \
        if sp.config["sign_in_audience"] in ("AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount") else ""
    return judged(not held, "no privileged Microsoft Graph application permission", f"holds {what}{multi}",
                  permissions=held)


@check(id="azure.entra.external_app_privileged_graph_permissions", severity="critical",
       resource_type=SERVICE_PRINCIPAL, reads=GRANT_READS,
       title="Applications registered in other tenants hold no tenant-wide Microsoft Graph application permission",
       rationale="A multi-tenant application from another organisation acts here with credentials that "
                 "organisation controls: a compromise there is a compromise of this tenant's directory, mail or "
                 "files.",
       remediation="Review the vendor's need; revoke the permission (Enterprise applications > the app > "
                   "Permissions) or the app, and restrict user and admin consent to verified publishers.")
def external_app_privileged_graph_permissions(sp, snapshot):
    if sp.config["owner_tenant"] in (None, sp.account):
        return passed("registered in this tenant (or a managed identity)")
    held, what = _privileged(sp, snapshot)
    return judged(not held, "no privileged Microsoft Graph application permission",
                  f"registered in tenant {sp.config['owner_tenant']}, holds {what}", permissions=held,
                  owner_tenant=sp.config["owner_tenant"])


@check(id="azure.entra.delegated_grants_to_all_users", severity="high", resource_type=SERVICE_PRINCIPAL,
       reads=("tenant.graph_permissions", "tenant.delegated_grants"),
       title="No application was granted risky delegated Microsoft Graph scopes for every user",
       rationale="Admin consent for all users lets the application read or change the mail, files or directory of "
                 "whoever signs in to it, without any of them being asked.",
       remediation="Revoke the tenant-wide grant (Enterprise applications > the app > Permissions > Admin consent) "
                   "and let users consent to narrower scopes, or assign the app to the users who need it.")
def delegated_grants_to_all_users(sp, snapshot):
    tenant = _tenant(sp, snapshot).config
    scopes = risky_delegated(sp.id.rsplit("/", 1)[-1], tenant["graph_permissions"], tenant["delegated_grants"])
    return judged(not scopes, "no risky delegated scope granted for all users",
                  f"granted for every user: {', '.join(scopes)}", scopes=scopes)


@check(id="azure.entra.app_no_client_secrets", severity="medium", resource_type=APPLICATION,
       reads=("client_secrets",), title="Application authenticates with certificates or federation, not client secrets",
       rationale="A client secret is a password that ends up in configuration files, pipelines and chat; a "
                 "certificate's private key or a federated identity never leaves where it is used.",
       remediation="Add a certificate (or a federated identity credential) and delete the client secrets "
                   "(App registrations > the app > Certificates & secrets).")
def app_no_client_secrets(app, snapshot):
    secrets = [s["name"] or s["key_id"] for s in app.config["client_secrets"]]
    return judged(not secrets, "no client secret", f"{len(secrets)} client secret(s): {', '.join(map(str, secrets))}",
                  client_secrets=secrets)


@check(id="azure.entra.app_credentials_lifetime_1_year", severity="medium", resource_type=APPLICATION,
       reads=("client_secrets", "certificates"), title="Application credentials are valid for 12 months or less",
       rationale="The longer a secret or certificate is valid, the longer a leaked copy works; a year forces the "
                 "rotation path to exist.",
       remediation="Replace the credential with one valid 12 months or less; an app management policy can enforce "
                   "the limit for every application.")
def app_credentials_lifetime_1_year(app, snapshot):
    credentials = [*app.config["client_secrets"], *app.config["certificates"]]
    return twelve_month_verdict(((c["name"] or c["key_id"], c["start"], c["end"]) for c in credentials),
                                f"{len(credentials)} credential(s)")


@check(id="azure.entra.app_no_expired_credentials", severity="low", resource_type=APPLICATION,
       reads=("client_secrets", "certificates", "tenant.read_at"),
       title="Application keeps no expired credentials",
       rationale="Expired secrets and certificates left on an app hide which credentials are live and usually mean "
                 "nobody owns the rotation.",
       remediation="Delete the expired credentials (App registrations > the app > Certificates & secrets).")
def app_no_expired_credentials(app, snapshot):
    now = moment(_tenant(app, snapshot).config["read_at"])
    expired = [str(c["name"] or c["key_id"]) for c in [*app.config["client_secrets"], *app.config["certificates"]]
               if (end := moment(c["end"])) is not None and end < now]
    return judged(not expired, "no expired credential", f"expired credential(s) still present: {', '.join(expired)}",
                  expired=expired)


@check(id="azure.entra.app_has_owner", severity="low", resource_type=APPLICATION, reads=("owners",),
       title="Application registration has an owner",
       rationale="An application nobody owns keeps its credentials and permissions after its team has gone, and "
                 "nobody is asked when it misbehaves.",
       remediation="Add at least one owner (App registrations > the app > Owners), ideally two.")
def app_has_owner(app, snapshot):
    owners = app.config["owners"]
    return judged(owners, f"{len(owners)} owner(s)", "no owner")


@check(id="azure.entra.app_federated_credentials_scoped", severity="high", resource_type=APPLICATION,
       reads=("federated_credentials",),
       title="Application's federated identity credentials admit one workload each",
       rationale="A federated identity credential lets an external workload sign in as the app with no secret; a "
                 "subject that admits any repository, branch or pull request lets anyone who can run such a "
                 "workflow act as the app.",
       remediation="Pin each credential's subject to one repository and one branch, tag or environment (GitHub "
                   "`repo:ORG/REPO:environment:prod`), and drop wildcard claims-matching expressions.")
def app_federated_credentials_scoped(app, snapshot):
    credentials = app.config["federated_credentials"]
    problems = [f"{c['name']}: {why}" for c in credentials if (why := federated_subject_problem(c))]
    if problems:
        return failed("; ".join(problems), credentials=[c["name"] for c in credentials])
    return passed(f"{len(credentials)} federated credential(s), each pinned" if credentials
                  else "no federated identity credential")
