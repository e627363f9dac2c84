"""Azure Service Bus namespaces (PaaS): credentials, network reach and TLS of the message broker (the same
judgements as Event Hubs: the same API)."""

from srmscan.analysis.azure_paas import (LOCAL_AUTH_WHY, PUBLIC_WHY, REACH_WHY, TLS_WHY, local_auth_disabled,
                                         minimum_tls_12, namespace_reach, public_access_disabled)
from srmscan.check import check

NAMESPACE = "azure.servicebus.namespace"


@check(id="azure.servicebus.local_auth_disabled", severity="medium", resource_type=NAMESPACE,
       reads=("local_auth_disabled",), title="Service Bus namespace refuses SAS keys", rationale=LOCAL_AUTH_WHY,
       remediation="`az servicebus namespace update --disable-local-auth true` after moving clients to Entra "
                   "identities with Service Bus data roles.")
def local_auth(namespace, snapshot):
    return local_auth_disabled(namespace.config["local_auth_disabled"], "shared access signature keys")


@check(id="azure.servicebus.network_access_restricted", severity="medium", resource_type=NAMESPACE,
       reads=("public_network_access", "network_rule_set"),
       title="Service Bus namespace is not reachable from every network", rationale=REACH_WHY,
       remediation="Disable public network access and use private endpoints (Premium), or set the namespace's "
                   "network rule set to deny by default.")
def network_access_restricted(namespace, snapshot):
    return namespace_reach(namespace.config)


@check(id="azure.servicebus.minimum_tls_12", severity="medium", resource_type=NAMESPACE,
       reads=("minimum_tls_version",), title="Service Bus namespace requires TLS 1.2 or newer", rationale=TLS_WHY,
       remediation="`az servicebus namespace update --minimum-tls-version 1.2`.")
def minimum_tls(namespace, snapshot):
    return minimum_tls_12(namespace.config["minimum_tls_version"])


@check(id="azure.servicebus.public_network_access_disabled", severity="low", resource_type=NAMESPACE,
       reads=("public_network_access",), title="Service Bus namespace has its public network access disabled", rationale=PUBLIC_WHY,
       remediation="`az servicebus namespace update --public-network-access Disabled` (Premium, private endpoints).")
def public_network_access_disabled(namespace, snapshot):
    return public_access_disabled(namespace.config)
