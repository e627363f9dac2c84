"""Azure Cosmos DB (PaaS): who may reach an account and with what credential."""

from srmscan.analysis.azure_paas import (LOCAL_AUTH_WHY, PUBLIC_WHY, REACH_READS, REACH_WHY, local_auth_disabled,
                                         public_access_disabled, reach)
from srmscan.check import check

ACCOUNT = "azure.cosmosdb.account"


@check(id="azure.cosmosdb.network_access_restricted", severity="high", resource_type=ACCOUNT, reads=REACH_READS,
       title="Cosmos DB account is not reachable from every network", rationale=REACH_WHY,
       remediation="Disable public network access and use private endpoints, or add IP and virtual network rules "
                   "(the account firewall) so only those networks get in.")
def network_access_restricted(account, snapshot):
    return reach(account.config)


@check(id="azure.cosmosdb.local_auth_disabled", severity="medium", resource_type=ACCOUNT,
       reads=("local_auth_disabled",), title="Cosmos DB account refuses primary and secondary keys",
       rationale=LOCAL_AUTH_WHY,
       remediation="Set `disableLocalAuth: true` after moving clients to Entra identities with Cosmos DB data-plane "
                   "roles.")
def local_auth(account, snapshot):
    return local_auth_disabled(account.config["local_auth_disabled"], "account keys and resource tokens")


@check(id="azure.cosmosdb.public_network_access_disabled", severity="low", resource_type=ACCOUNT,
       reads=("public_network_access",), title="Cosmos DB account has its public network access disabled", rationale=PUBLIC_WHY,
       remediation="`az cosmosdb update --public-network-access Disabled` after creating private endpoints.")
def public_network_access_disabled(account, snapshot):
    return public_access_disabled(account.config)
