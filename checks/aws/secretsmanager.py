"""Secrets Manager (AWS Foundational Security Best Practices SecretsManager.1, .3, .4): rotation on, secrets
rotated and used within 90 days (the controls' default), resource policies not public."""

from datetime import datetime

from srmscan.analysis.aws_policy import public_policy_verdict
from srmscan.check import check, failed, passed, undetermined

SECRET = "aws.secretsmanager.secret"
MAX_DAYS = 90   # FSBP default of maxDaysSinceRotation (.4) and unusedForDays (.3)


def _days_before(when: str, secret, snapshot) -> int:
    now = datetime.fromisoformat(snapshot.account(secret).config["read_at"])
    return (now - datetime.fromisoformat(when)).days


@check(id="aws.secretsmanager.rotation_enabled", title="Secrets Manager secrets rotate automatically",
       severity="medium", resource_type=SECRET, reads=("rotation_enabled", "rotation_days"),
       rationale="A secret that never changes stays valid for whoever copied it once.",
       remediation="Configure rotation with a rotation function (`aws secretsmanager rotate-secret`).")
def rotation_enabled(secret, snapshot):
    if secret.config["rotation_enabled"]:
        return passed(f"rotates every {secret.config['rotation_days']} days", days=secret.config["rotation_days"])
    return failed("automatic rotation is off")


@check(id="aws.secretsmanager.rotated_recently", title=f"Secrets Manager secrets were rotated in the last {MAX_DAYS} days",
       severity="medium", resource_type=SECRET, reads=("last_rotated", "created", "account.read_at"),
       rationale="Rotation that is configured but does not happen (a failing rotation function) leaves the old "
                 "value valid.",
       remediation="Rotate the secret now and fix its rotation function (see its CloudWatch logs).")
def rotated_recently(secret, snapshot):
    last = secret.config["last_rotated"] or secret.config["created"]
    if last is None:
        return undetermined("the secret has neither a rotation nor a creation date")
    days = _days_before(last, secret, snapshot)
    what = "rotated" if secret.config["last_rotated"] else "created (never rotated)"
    if days <= MAX_DAYS:
        return passed(f"{what} {days} days before the scan", days=days)
    return failed(f"{what} {days} days before the scan", days=days)


@check(id="aws.secretsmanager.secret_in_use", title=f"Secrets Manager secrets unused for {MAX_DAYS} days are removed",
       severity="medium", resource_type=SECRET, reads=("last_accessed", "created", "account.read_at"),
       rationale="A secret nobody reads is a credential nobody watches: remove it or find its owner.",
       remediation="Delete the secret (`aws secretsmanager delete-secret`, with a recovery window) if it is unused.")
def secret_in_use(secret, snapshot):
    used = secret.config["last_accessed"]
    if used is not None:
        days = _days_before(used, secret, snapshot)
        verdict = passed if days <= MAX_DAYS else failed
        return verdict(f"last read {days} days before the scan", days=days)
    if secret.config["created"] is None:
        return undetermined("the secret has neither an access nor a creation date")
    days = _days_before(secret.config["created"], secret, snapshot)
    verdict = passed if days <= MAX_DAYS else failed
    return verdict(f"never read; created {days} days before the scan", days=days)


@check(id="aws.secretsmanager.secret_not_public", title="Secrets Manager resource policies do not grant the secret "
       "to everyone", severity="critical", resource_type=SECRET, reads=("policy",),
       rationale="A resource policy with a public principal and no limiting condition lets any AWS account read "
                 "the secret.",
       remediation="Name the accounts or roles in the policy, or limit it with aws:PrincipalOrgID on a fixed value.")
def secret_not_public(secret, snapshot):
    return public_policy_verdict(secret.config["policy"], "secret")
