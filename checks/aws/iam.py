"""IAM (CIS AWS section 1): the root user, password policy, users' credentials, policies and roles."""

from srmscan.analysis.aws_policy import PolicyError, parse_policy, statements
from srmscan.analysis.iam_credentials import active_keys, days_between, row_of
from srmscan.analysis.trust_policy import issues
from srmscan.check import check, failed, passed, undetermined

ACCOUNT = "aws.account"


USER = "aws.iam.user"


UNUSED_DAYS = 45


ROTATION_DAYS = 90


MIN_PASSWORD_LENGTH = 14


REMEMBERED_PASSWORDS = 24


@check(id="aws.iam.root_access_keys", title="The root user has no access keys", severity="critical",
       resource_type=ACCOUNT, reads=("account_summary",),
       rationale="Root access keys give unrestricted, unconditional programmatic control of the account.",
       remediation="Sign in as root, open Security credentials and delete both access keys; use IAM roles instead.")
def root_access_keys(account, snapshot):
    present = account.config["account_summary"].get("AccountAccessKeysPresent")
    if present:
        return failed("the root user has access keys", AccountAccessKeysPresent=present)
    return passed("the root user has no access keys", AccountAccessKeysPresent=present)


@check(id="aws.iam.root_mfa", title="The root user signs in with MFA", severity="critical",
       resource_type=ACCOUNT, reads=("account_summary",),
       rationale="A root password alone can take over the whole account; MFA stops a stolen or guessed password.",
       remediation="Sign in as root and assign an MFA device (Security credentials > Assign MFA device).")
def root_mfa(account, snapshot):
    summary = account.config["account_summary"]
    if summary.get("AccountMFAEnabled") == 1:
        return passed("MFA is enabled for the root user")
    if summary.get("AccountPasswordPresent") == 0:
        return passed("the root user has no password (console sign-in removed)")
    return failed("the root user can sign in without MFA", AccountMFAEnabled=summary.get("AccountMFAEnabled"),
                  AccountPasswordPresent=summary.get("AccountPasswordPresent"))


@check(id="aws.iam.root_hardware_mfa", title="The root user's MFA is a hardware device", severity="medium",
       resource_type=ACCOUNT, reads=("account_summary", "virtual_mfa_devices"),
       rationale="A virtual MFA lives on a phone with its own attack surface; a hardware key does not.",
       remediation="Replace the root user's virtual MFA device with a hardware MFA or security key.")
def root_hardware_mfa(account, snapshot):
    if account.config["account_summary"].get("AccountMFAEnabled") != 1:
        return failed("the root user has no MFA at all")
    virtual = [d["SerialNumber"] for d in account.config["virtual_mfa_devices"]
               if str(d.get("User") or "").endswith(":root") or str(d["SerialNumber"]).endswith(":mfa/root-account-mfa-device")]
    if virtual:
        return failed("the root user's MFA is a virtual device", devices=virtual)
    return passed("the root user's MFA is not a virtual device (hardware or security key)")


@check(id="aws.iam.password_policy_length", title="IAM password policy requires at least 14 characters",
       severity="medium", resource_type=ACCOUNT, reads=("password_policy",),
       rationale="Short passwords fall to guessing and brute force.",
       remediation="`aws iam update-account-password-policy --minimum-password-length 14` (with your other settings).")
def password_policy_length(account, snapshot):
    policy = account.config["password_policy"]
    if policy is None:
        return failed("no IAM password policy is set (AWS default: 8 characters)")
    length = policy.get("MinimumPasswordLength", 0)
    if length >= MIN_PASSWORD_LENGTH:
        return passed(f"minimum password length is {length}", MinimumPasswordLength=length)
    return failed(f"minimum password length is {length}, below {MIN_PASSWORD_LENGTH}", MinimumPasswordLength=length)


@check(id="aws.iam.password_policy_reuse", title="IAM password policy prevents reuse of the last 24 passwords",
       severity="medium", resource_type=ACCOUNT, reads=("password_policy",),
       rationale="Reused passwords bring back credentials that may already be known to an attacker.",
       remediation="`aws iam update-account-password-policy --password-reuse-prevention 24` (with your other settings).")
def password_policy_reuse(account, snapshot):
    policy = account.config["password_policy"]
    remembered = (policy or {}).get("PasswordReusePrevention", 0)
    if remembered >= REMEMBERED_PASSWORDS:
        return passed(f"the last {remembered} passwords cannot be reused", PasswordReusePrevention=remembered)
    if policy is None:
        return failed("no IAM password policy is set, so passwords can be reused")
    return failed(f"only the last {remembered} passwords are remembered (needs {REMEMBERED_PASSWORDS})",
                  PasswordReusePrevention=remembered)


def _row(user, snapshot):
    report = snapshot.account(user).config["credential_report"]
    return row_of(report, user.name)


@check(id="aws.iam.user_console_mfa", title="IAM users with a console password have MFA", severity="high",
       resource_type=USER, reads=("account.credential_report",),
       rationale="A console password without MFA is one phishing email away from the account.",
       remediation="Assign an MFA device to the user, or remove the console password if it is not needed.")
def user_console_mfa(user, snapshot):
    row = _row(user, snapshot)
    if row is None:
        return undetermined("the user is not in the credential report (created after it was generated?)")
    if row.get("password_enabled") is not True:
        return passed("the user has no console password")
    if row.get("mfa_active") is True:
        return passed("console password with MFA")
    return failed("console password without MFA", password_last_used=row.get("password_last_used"))


@check(id="aws.iam.user_sign_in_federated", title="People sign in through a federated identity source, not IAM "
       "user passwords", severity="medium", resource_type=USER, reads=("account.credential_report",),
       rationale="AWS has no sign-in policy of its own that weighs location, device or risk: those conditions are set "
                 "in the identity source (IAM Identity Center or an external IdP with its conditional access). An IAM "
                 "user's console password signs in past all of them.",
       remediation="Give the person access through IAM Identity Center (or SAML/OIDC federation to your IdP) and "
                   "remove the IAM user's console password (`aws iam delete-login-profile --user-name U`).")
def user_sign_in_federated(user, snapshot):
    row = _row(user, snapshot)
    if row is None:
        return undetermined("the user is not in the credential report (created after it was generated?)")
    if row.get("password_enabled") is not True:
        return passed("the user has no console password")
    return failed("the user signs in to the console with an IAM password, outside any conditional access policy",
                  password_last_used=row.get("password_last_used"), mfa_active=row.get("mfa_active"))


@check(id="aws.iam.user_unused_credentials", title="IAM user credentials unused for 45 days are disabled",
       severity="medium", resource_type=USER, reads=("account.credential_report", "account.read_at"),
       params={"unused_credential_days": UNUSED_DAYS},
       rationale="Forgotten passwords and keys of people who left are a quiet way in.",
       remediation="Disable the console password and deactivate (or delete) access keys unused for 45 days or more.")
def user_unused_credentials(user, snapshot):
    account, limit = snapshot.account(user), snapshot.param("unused_credential_days")
    now = account.config["read_at"]
    row = _row(user, snapshot)
    if row is None:
        return undetermined("the user is not in the credential report (created after it was generated?)")
    stale = []
    if row.get("password_enabled") is True:
        used = row.get("password_last_used")
        since = used if used not in (None, "no_information") else row.get("password_last_changed")
        age = days_between(since or row.get("user_creation_time"), now)
        if age is not None and age >= limit:
            stale.append({"credential": "console password", "last_used_or_set": since, "days": age})
    for n in active_keys(row):
        used = row.get(f"access_key_{n}_last_used_date")
        since = used if used is not None else row.get(f"access_key_{n}_last_rotated")
        age = days_between(since, now)
        if age is not None and age >= limit:
            stale.append({"credential": f"access key {n}", "last_used_or_set": since, "days": age})
    if stale:
        return failed(f"unused for {limit}+ days: " + ", ".join(f"{s['credential']} ({s['days']} days since {s['last_used_or_set']})"
                                                         for s in stale), stale=stale, as_of=now)
    return passed(f"every enabled credential was used (or set) in the last {limit} days", as_of=now)


@check(id="aws.iam.user_one_active_key", title="IAM users have at most one active access key", severity="low",
       resource_type=USER, reads=("account.credential_report",),
       rationale="Two active keys double what can leak and hide which one is really in use.",
       remediation="Deactivate the access key that is not in use (`aws iam update-access-key --status Inactive`).")
def user_one_active_key(user, snapshot):
    row = _row(user, snapshot)
    if row is None:
        return undetermined("the user is not in the credential report (created after it was generated?)")
    keys = active_keys(row)
    if len(keys) > 1:
        return failed("two active access keys", last_rotated=[row.get(f"access_key_{n}_last_rotated") for n in keys])
    return passed(f"{len(keys)} active access key(s)")


@check(id="aws.iam.user_key_rotation", title="IAM users' active access keys are rotated every 90 days",
       severity="medium", resource_type=USER, reads=("account.credential_report", "account.read_at"),
       params={"key_rotation_days": ROTATION_DAYS},
       rationale="A key that never changes stays valid for as long as anyone who ever saw it keeps it.",
       remediation="Create a new key, move the applications to it, then deactivate and delete the old one.")
def user_key_rotation(user, snapshot):
    now = snapshot.account(user).config["read_at"]
    row = _row(user, snapshot)
    if row is None:
        return undetermined("the user is not in the credential report (created after it was generated?)")
    old = [{"key": n, "last_rotated": row.get(f"access_key_{n}_last_rotated"),
            "days": days_between(row.get(f"access_key_{n}_last_rotated"), now)} for n in active_keys(row)]
    limit = snapshot.param("key_rotation_days")
    old = [k for k in old if k["days"] is not None and k["days"] > limit]
    if old:
        return failed(", ".join(f"access key {k['key']} last rotated {k['last_rotated']} ({k['days']} days ago)"
                                for k in old), keys=old, as_of=now)
    return passed(f"no active access key is older than {limit} days", as_of=now)


@check(id="aws.iam.user_permissions_through_groups", title="IAM users get permissions only through groups",
       severity="low", resource_type=USER, reads=("attached_policies", "inline_policies"),
       rationale="Permissions managed per group follow job functions; per-user grants pile up unreviewed.",
       remediation="Move the user's policies to a group for the job function, add the user, detach the policies.")
def user_permissions_through_groups(user, snapshot):
    attached, inline = user.config["attached_policies"], user.config["inline_policies"]
    if attached or inline:
        return failed(f"{len(attached)} attached and {len(inline)} inline policies directly on the user",
                      attached_policies=attached, inline_policies=inline)
    return passed("no policies directly on the user")


@check(id="aws.iam.policy_full_admin", title="No attached IAM policy allows \"*\" on \"*\"", severity="high",
       resource_type="aws.iam.policy", reads=("document",),
       rationale="A policy granting every action on every resource makes whoever holds it an administrator, "
                 "far beyond what any task needs.",
       remediation="Replace it with policies granting the actions and resources the task needs; detach it.")
def policy_full_admin(policy, snapshot):
    try:
        document = parse_policy(policy.config["document"])
        labelled = statements(document) if document is not None else []
    except PolicyError as exc:
        return undetermined(f"cannot read the policy document: {exc}")
    full = [label for label, s in labelled if s.get("Effect") == "Allow" and _all(s.get("Action"), ("*", "*:*"))
            and _all(s.get("Resource"), ("*",))]
    if full:
        return failed(f"statement {', '.join(full)} allows every action on every resource", statements=full)
    return passed("no statement allows every action on every resource")


def _all(value, wildcards) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and v.strip() in wildcards for v in values)


@check(id="aws.iam.support_role", title="A role can manage incidents with AWS Support", severity="low",
       resource_type=ACCOUNT, reads=("support_access_attachments",),
       rationale="Without a role holding AWSSupportAccess, nobody can open or follow a support case during an "
                 "incident without broader rights.",
       remediation="Create a role trusted by your incident responders and attach arn:aws:iam::aws:policy/AWSSupportAccess.")
def support_role(account, snapshot):
    attachments = account.config["support_access_attachments"]
    roles = (attachments or {}).get("PolicyRoles", [])
    if roles:
        return passed(f"AWSSupportAccess is attached to {', '.join(roles)}", roles=roles)
    return failed("AWSSupportAccess is attached to no role", attachments=attachments)


@check(id="aws.iam.expired_server_certificates", title="No expired SSL/TLS certificates are stored in IAM",
       severity="low", resource_type=ACCOUNT, reads=("server_certificates", "read_at"),
       rationale="An expired certificate can still be deployed to a load balancer by mistake.",
       remediation="`aws iam delete-server-certificate --server-certificate-name NAME` for each expired one.")
def expired_server_certificates(account, snapshot):
    now = account.config["read_at"]
    expired = [c["ServerCertificateName"] for c in account.config["server_certificates"]
               if (days_between(c.get("Expiration"), now) or 0) > 0]
    if expired:
        return failed(f"expired certificates stored: {', '.join(expired)}", expired=expired, as_of=now)
    return passed(f"{len(account.config['server_certificates'])} certificate(s), none expired", as_of=now)


@check(id="aws.iam.cloudshell_full_access", title="AWSCloudShellFullAccess is attached to nobody", severity="low",
       resource_type=ACCOUNT, reads=("cloudshell_full_access_attachments",),
       rationale="CloudShell full access lets a user move files between the account and the internet.",
       remediation="Detach arn:aws:iam::aws:policy/AWSCloudShellFullAccess; grant a narrower CloudShell policy.")
def cloudshell_full_access(account, snapshot):
    attachments = account.config["cloudshell_full_access_attachments"] or {}
    holders = [f"{kind[6:-1].lower()} {name}" for kind, names in sorted(attachments.items()) for name in names]
    if holders:
        return failed(f"AWSCloudShellFullAccess is attached to {', '.join(holders)}", attached_to=holders)
    return passed("AWSCloudShellFullAccess is not attached")


ROLE = "aws.iam.role"


def _trust(role, snapshot):
    account = snapshot.account(role)
    organization = account.config["organization_accounts"]
    return issues(role.config["trust_policy"], account.name, set(organization) if organization else None)


def _trust_verdict(role, snapshot, kind: str, good: str):
    try:
        found = _trust(role, snapshot)[kind]
    except PolicyError as exc:
        return undetermined(f"cannot judge the trust policy: {exc}")
    if found:
        return failed("; ".join(f"{i.principal} ({i.statement}): {i.reason}" for i in found),
                      issues=[i.to_evidence() for i in found])
    return passed(good)


@check(id="aws.iam.role_trust_not_public", title="IAM roles cannot be assumed by any AWS principal", severity="critical",
       resource_type=ROLE, reads=("trust_policy", "account.organization_accounts"),
       rationale="A trust policy open to every AWS principal lets anyone with an AWS account take the role's "
                 "permissions.",
       remediation="Name the trusted accounts or roles, or require aws:PrincipalOrgID on a fixed value.")
def role_trust_not_public(role, snapshot):
    return _trust_verdict(role, snapshot, "public", "no statement lets every AWS principal assume the role")


@check(id="aws.iam.role_external_id", title="IAM roles trusted by other accounts require an external ID",
       severity="high", resource_type=ROLE, reads=("trust_policy", "account.organization_accounts"),
       rationale="A third party's account trusted without sts:ExternalId can be tricked into acting for another "
                 "of its customers (the confused deputy).",
       remediation="Add a Condition StringEquals sts:ExternalId with the value agreed with the third party.")
def role_external_id(role, snapshot):
    return _trust_verdict(role, snapshot, "external_without_id",
                          "no account outside this one (and its organisation) may assume it without an external ID")


@check(id="aws.iam.role_federation_bound", title="Federated IAM roles are bound to their audience and subject",
       severity="high", resource_type=ROLE, reads=("trust_policy", "account.organization_accounts"),
       rationale="An OIDC trust without aud/sub conditions (for GitHub Actions: a sub that names the repository "
                 "owner) lets any workload of that identity provider assume the role.",
       remediation="Require <provider>:aud and <provider>:sub with fixed values, e.g. "
                   "token.actions.githubusercontent.com:sub = repo:OWNER/REPO:ref:refs/heads/main.")
def role_federation_bound(role, snapshot):
    return _trust_verdict(role, snapshot, "federation_unbound", "every federated principal is bound")
