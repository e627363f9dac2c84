"""Azure AI services and Azure OpenAI (PaaS): credentials and network reach of the model endpoints."""

from srmscan.analysis.azure_paas import (LOCAL_AUTH_WHY, PUBLIC_WHY, REACH_READS, REACH_WHY, local_auth_disabled,
                                         public_access_disabled, reach)
from srmscan.check import check

ACCOUNT = "azure.cognitiveservices.account"


@check(id="azure.cognitiveservices.local_auth_disabled", severity="medium", resource_type=ACCOUNT,
       reads=("local_auth_disabled",), title="Azure AI services account refuses API keys", rationale=LOCAL_AUTH_WHY,
       remediation="Set `disableLocalAuth: true` after moving callers to Entra identities (Cognitive Services User).")
def local_auth(account, snapshot):
    return local_auth_disabled(account.config["local_auth_disabled"], "API keys")


@check(id="azure.cognitiveservices.network_access_restricted", severity="medium", resource_type=ACCOUNT,
       reads=REACH_READS, title="Azure AI services account is not reachable from every network", rationale=REACH_WHY,
       remediation="Disable public network access and use private endpoints, or set the firewall to deny by "
                   "default with only the networks that need it.")
def network_access_restricted(account, snapshot):
    return reach(account.config)


@check(id="azure.cognitiveservices.public_network_access_disabled", severity="low", resource_type=ACCOUNT,
       reads=("public_network_access",), title="Azure AI services account has its public network access disabled", rationale=PUBLIC_WHY,
       remediation="Set public network access to Disabled after creating private endpoints.")
def public_network_access_disabled(account, snapshot):
    return public_access_disabled(account.config)
