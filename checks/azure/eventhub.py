"""Azure Event Hubs namespaces (PaaS): credentials, network reach and TLS of the event stream."""

from srmscan.analysis.azure_paas import (LOCAL_AUTH_WHY, PUBLIC_WHY, REACH_WHY, TLS_WHY, local_auth_disabled,
                                         minimum_tls_12, namespace_reach, public_access_disabled)
from srmscan.check import check

NAMESPACE = "azure.eventhub.namespace"


@check(id="azure.eventhub.local_auth_disabled", severity="medium", resource_type=NAMESPACE,
       reads=("local_auth_disabled",), title="Event Hubs namespace refuses SAS keys", rationale=LOCAL_AUTH_WHY,
       remediation="`az eventhubs namespace update --disable-local-auth true` after moving clients to Entra "
                   "identities with Event Hubs data roles.")
def local_auth(namespace, snapshot):
    return local_auth_disabled(namespace.config["local_auth_disabled"], "shared access signature keys")


@check(id="azure.eventhub.network_access_restricted", severity="medium", resource_type=NAMESPACE,
       reads=("public_network_access", "network_rule_set"),
       title="Event Hubs namespace is not reachable from every network", rationale=REACH_WHY,
       remediation="Disable public network access and use private endpoints, or set the namespace's network rule "
                   "set to deny by default with only the networks that need it.")
def network_access_restricted(namespace, snapshot):
    return namespace_reach(namespace.config)


@check(id="azure.eventhub.minimum_tls_12", severity="medium", resource_type=NAMESPACE,
       reads=("minimum_tls_version",), title="Event Hubs namespace requires TLS 1.2 or newer", rationale=TLS_WHY,
       remediation="`az eventhubs namespace update --minimum-tls-version 1.2`.")
def minimum_tls(namespace, snapshot):
    return minimum_tls_12(namespace.config["minimum_tls_version"])


@check(id="azure.eventhub.public_network_access_disabled", severity="low", resource_type=NAMESPACE,
       reads=("public_network_access",), title="Event Hubs namespace has its public network access disabled", rationale=PUBLIC_WHY,
       remediation="`az eventhubs namespace update --public-network-access Disabled` after creating private endpoints.")
def public_network_access_disabled(namespace, snapshot):
    return public_access_disabled(namespace.config)
