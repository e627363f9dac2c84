"""AWS Backup (AWS Foundational Security Best Practices Backup.1) and public backup vault access policies."""

from srmscan.analysis.aws_policy import public_policy_verdict
from srmscan.check import check, judged, passed

VAULT = "aws.backup.vault"


@check(id="aws.backup.recovery_points_encrypted", title="AWS Backup recovery points are encrypted at rest",
       severity="medium", resource_type=VAULT, reads=("recovery_points",),
       rationale="A backup is a full copy of the data; an unencrypted one undoes the encryption of its source.",
       remediation="Back up encrypted sources (or into a vault with a KMS key) and replace unencrypted recovery "
                   "points.")
def recovery_points_encrypted(vault, snapshot):
    points = vault.config["recovery_points"]
    if points["count"] == 0:
        return passed("the vault holds no recovery point")
    plain = points["unencrypted"]
    return judged(not plain, f"all {points['count']} recovery point(s) are encrypted",
                  f"{len(plain)} of {points['count']} recovery point(s) are not encrypted", unencrypted=plain[:20])


@check(id="aws.backup.vault_not_public", title="AWS Backup vault access policies grant nothing to everyone",
       severity="critical", resource_type=VAULT, reads=("policy",),
       rationale="A vault policy open to any principal lets anyone copy, restore or delete the backups it holds.",
       remediation="Name the accounts in the policy or require a fixed aws:PrincipalOrgID; deny backup:Delete* "
                   "to all but the backup administrators.")
def vault_not_public(vault, snapshot):
    return public_policy_verdict(vault.config["policy"], "vault")
