"""Amazon Glacier vaults: access policies that grant nothing to everyone."""

from srmscan.analysis.aws_policy import public_policy_verdict
from srmscan.check import check


@check(id="aws.glacier.vault_not_public", title="Glacier vault access policies grant nothing to everyone",
       severity="critical", resource_type="aws.glacier.vault", reads=("policy",),
       rationale="A vault policy open to any principal lets anyone retrieve (or delete) the archives it holds.",
       remediation="Name the accounts in the vault access policy or require a fixed aws:PrincipalOrgID "
                   "(`aws glacier set-vault-access-policy`).")
def vault_not_public(vault, snapshot):
    return public_policy_verdict(vault.config["policy"], "vault")
