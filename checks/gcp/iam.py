"""Project IAM policy and service account checks. Pure functions over the snapshot; policy reading lives in
srmscan.analysis.gcp_iam."""

from srmscan.analysis.gcp_iam import (IMPERSONATION_ROLES, PUBLIC_MEMBERS, PRIMITIVE_WRITE_ROLES, foreign_holders,
                                      holders, is_admin_role, is_person, is_user_created_service_account,
                                      organization_domains, other_projects_service_accounts, roles_of)
from srmscan.analysis.iam_credentials import days_between
from srmscan.check import check, failed, passed, undetermined

PROJECT = "gcp.account"
SERVICE_ACCOUNT = "gcp.iam.service_account"
ACTING_ROLES = ("roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator")
KMS_USE_ROLES = ("roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.cryptoKeyEncrypter",
                 "roles/cloudkms.cryptoKeyDecrypter")
MAX_KEY_AGE_DAYS = 90


@check(id="gcp.iam.service_account_no_admin_roles", severity="high", resource_type=PROJECT, reads=("iam_policy",),
       title="No user-created service account holds Owner, Editor or an admin role on the project",
       rationale="Whoever runs code as such a service account (a VM, a pipeline, a leaked key) administers the "
                 "project; what the customer's workloads may do is the customer's side of the model.",
       remediation="Replace the binding with the narrow predefined or custom roles the workload needs.")
def service_account_no_admin_roles(project, snapshot):
    found = holders(project.config["iam_policy"], is_admin_role, is_user_created_service_account)
    if found:
        return failed(f"{len(found)} service account(s) hold admin roles: "
                      + "; ".join(f"{m} ({', '.join(r)})" for m, r in found.items()), holders=found)
    return passed("no user-created service account holds Owner, Editor or an *Admin role")


@check(id="gcp.iam.no_project_level_service_account_user", severity="medium", resource_type=PROJECT,
       reads=("iam_policy",),
       title="Service Account User and Token Creator are not granted on the whole project",
       rationale="Granted on the project, these roles let the holder act as every service account in it, "
                 "including ones created later.",
       remediation="Grant roles/iam.serviceAccountUser or serviceAccountTokenCreator on the one service "
                   "account needed, and remove the project-level binding.")
def no_project_level_service_account_user(project, snapshot):
    found = holders(project.config["iam_policy"], lambda role: role in ACTING_ROLES)
    if found:
        return failed("granted on the project to " + "; ".join(f"{m} ({', '.join(r)})" for m, r in found.items()),
                      holders=found)
    return passed("neither role is granted at project level")


def _both(policy, first, second):
    return {member: sorted(roles & (set(first) | set(second))) for member, roles in roles_of(policy).items()
            if roles & set(first) and roles & set(second)}


@check(id="gcp.iam.service_account_duties_separated", severity="medium", resource_type=PROJECT, reads=("iam_policy",),
       title="No principal is both Service Account Admin and Service Account User on the project",
       rationale="One principal able to create service accounts and act as them needs no one else to "
                 "escalate; separating the duties is the customer's identity governance.",
       remediation="Remove one of roles/iam.serviceAccountAdmin and roles/iam.serviceAccountUser from each "
                   "principal that holds both.")
def service_account_duties_separated(project, snapshot):
    found = _both(project.config["iam_policy"], ("roles/iam.serviceAccountAdmin",), ("roles/iam.serviceAccountUser",))
    if found:
        return failed(f"{', '.join(found)} hold both roles", holders=found)
    return passed("no principal holds both roles")


@check(id="gcp.iam.kms_duties_separated", severity="medium", resource_type=PROJECT, reads=("iam_policy",),
       title="No principal is both Cloud KMS Admin and a CryptoKey Encrypter/Decrypter on the project",
       rationale="Whoever manages keys should not also use them to read the data they protect.",
       remediation="Remove roles/cloudkms.admin or the encrypter/decrypter role from each principal holding both.")
def kms_duties_separated(project, snapshot):
    found = _both(project.config["iam_policy"], ("roles/cloudkms.admin",), KMS_USE_ROLES)
    if found:
        return failed(f"{', '.join(found)} hold both duties", holders=found)
    return passed("no principal both administers and uses Cloud KMS keys")


@check(id="gcp.iam.no_public_project_access", severity="critical", resource_type=PROJECT, reads=("iam_policy",),
       title="The project IAM policy grants nothing to allUsers or allAuthenticatedUsers",
       rationale="A project-level grant to the public applies to every resource of the project.",
       remediation="Remove every binding member allUsers and allAuthenticatedUsers from the project policy.")
def no_public_project_access(project, snapshot):
    found = holders(project.config["iam_policy"], lambda role: True, lambda member: member in PUBLIC_MEMBERS)
    if found:
        return failed("the public holds " + "; ".join(f"{m}: {', '.join(r)}" for m, r in found.items()), holders=found)
    return passed("no binding names allUsers or allAuthenticatedUsers")


@check(id="gcp.iam.no_primitive_roles_for_people", severity="medium", resource_type=PROJECT, reads=("iam_policy",),
       title="Users and groups do not hold the basic Owner or Editor role on the project",
       rationale="Basic roles grant thousands of permissions across every service; people should hold the "
                 "predefined roles their work needs.",
       remediation="Replace roles/owner and roles/editor bindings of users, groups and domains with predefined roles.")
def no_primitive_roles_for_people(project, snapshot):
    found = holders(project.config["iam_policy"], lambda role: role in PRIMITIVE_WRITE_ROLES, is_person)
    if found:
        return failed("; ".join(f"{m} ({', '.join(r)})" for m, r in found.items()), holders=found)
    return passed("no user, group or domain holds roles/owner or roles/editor")


@check(id="gcp.iam.service_account_no_user_managed_keys", severity="medium", resource_type=SERVICE_ACCOUNT,
       reads=("user_managed_keys",),
       title="Service account has no user-managed keys",
       rationale="A downloaded key is a long-lived secret outside Google's control; keeping it safe and rotated "
                 "is entirely the customer's job.",
       remediation="Delete the keys and use attached service accounts, workload identity federation or "
                   "impersonation; enforce iam.disableServiceAccountKeyCreation.")
def service_account_no_user_managed_keys(account, snapshot):
    keys = account.config["user_managed_keys"]
    if keys:
        return failed(f"{len(keys)} user-managed key(s): {', '.join(k['id'] for k in keys)}", keys=keys)
    return passed("no user-managed key")


@check(id="gcp.iam.service_account_key_rotation", severity="medium", resource_type=SERVICE_ACCOUNT,
       reads=("user_managed_keys", "account.read_at"), params={"key_rotation_days": MAX_KEY_AGE_DAYS},
       title="User-managed service account keys are younger than 90 days",
       rationale="An old key has had longer to leak; rotation is the customer's duty for keys it downloads.",
       remediation="Create a new key, move the workload to it, then delete the old one.")
def service_account_key_rotation(account, snapshot):
    now, limit = snapshot.account(account).config["read_at"], snapshot.param("key_rotation_days")
    ages = {k["id"]: days_between(k["valid_after"], now) for k in account.config["user_managed_keys"]}
    unknown = sorted(key for key, age in ages.items() if age is None)
    old = {key: age for key, age in ages.items() if age is not None and age >= limit}
    if old:
        return failed(", ".join(f"{k} ({a} days)" for k, a in old.items()), old_keys=old, as_of=now)
    if unknown:
        return undetermined(f"no readable creation time on key(s) {', '.join(unknown)}", keys=unknown)
    return passed(f"{len(ages)} user-managed key(s), all younger than {limit} days" if ages
                  else "no user-managed key", as_of=now)


def _listed(found: dict[str, list[str]]) -> str:
    return "; ".join(f"{member}: {', '.join(roles)}" for member, roles in found.items())


def _organization(project, snapshot):
    """The organisation's own domains, or the ERROR verdict saying why they are unknown."""
    domains = organization_domains(project.config["inherited"], snapshot.param("trusted_domains"))
    if not domains:
        return None, undetermined("the project is in no organisation (or its domain was not readable): which "
                                  "domains are its own is unknown; list them in srmscan.toml ([params] "
                                  "trusted_domains)")
    return domains, None


@check(id="gcp.iam.no_foreign_domain_members", severity="high", resource_type=PROJECT, reads=("iam_policy", "inherited"),
       params={"trusted_domains": []},
       title="Project IAM policy grants roles only to people and groups of the organisation's own domain",
       rationale="Accounts of other domains (partners, consumer Gmail accounts) are managed by someone else: their "
                 "password, MFA and offboarding are outside the organisation's control. Domain-restricted sharing "
                 "stops new grants, not the ones already made.",
       remediation="Remove the outside members (`gcloud projects remove-iam-policy-binding`), grant partners access "
                   "through identities the organisation manages, and enforce iam.allowedPolicyMemberDomains.")
def no_foreign_domain_members(project, snapshot):
    domains, unknown = _organization(project, snapshot)
    if unknown:
        return unknown
    found = foreign_holders(project.config["iam_policy"], domains)
    if found:
        return failed(f"members outside {', '.join(domains)}: {_listed(found)}", own_domains=domains, members=found)
    return passed(f"every person, group and domain member is of {', '.join(domains)}")


@check(id="gcp.iam.no_outside_impersonation", severity="critical", resource_type=PROJECT,
       reads=("iam_policy", "inherited"), params={"trusted_domains": []},
       title="No one outside the organisation may impersonate the project's service accounts",
       rationale="Token Creator, Service Account User, Workload Identity User or Owner lets the holder act as every "
                 "service account of the project, with all their permissions; held by an outside domain or the "
                 "public, it hands the project's workloads to someone else.",
       remediation="Remove those roles from outside members and the public; grant impersonation on single service "
                   "accounts, to members of the organisation only.")
def no_outside_impersonation(project, snapshot):
    domains, unknown = _organization(project, snapshot)
    if unknown:
        return unknown
    policy, impersonation = project.config["iam_policy"], (lambda role: role in IMPERSONATION_ROLES)
    found = {**foreign_holders(policy, domains, impersonation),
             **holders(policy, impersonation, lambda member: member in PUBLIC_MEMBERS)}
    if found:
        return failed(f"may impersonate the project's service accounts from outside {', '.join(domains)}: "
                      f"{_listed(found)}", members=found)
    return passed(f"impersonation roles are held only within {', '.join(domains)}")


@check(id="gcp.iam.cross_project_service_accounts", severity="low", resource_type=PROJECT, reads=("iam_policy",),
       title="Project IAM policy grants no roles to other projects' service accounts",
       rationale="A service account of another project holding roles here extends this project's trust to whoever "
                 "controls that project (its owners, its keys, its workloads); each such grant should be known and "
                 "intended.",
       remediation="Review each grant; keep the ones intended (a central CI project's deployer) and remove the rest.")
def cross_project_service_accounts(project, snapshot):
    found = other_projects_service_accounts(project.config["iam_policy"], project.name)
    if found:
        return failed(f"service accounts of other projects hold roles here: {_listed(found)}", members=found)
    return passed("only the project's own (and Google's) service accounts hold roles")
