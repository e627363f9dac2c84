"""The checks Event Hubs and Service Bus namespaces share (one API under two resource providers, judged alike):
declared once here, per service, by checks/azure/eventhub.py and checks/azure/servicebus.py."""

from __future__ import annotations

from srmscan.analysis.azure_paas import (LOCAL_AUTH_WHY, PUBLIC_WHY, REACH_WHY, TLS_WHY, local_auth_disabled,
                                         minimum_tls_12, namespace_reach, public_access_disabled)
from srmscan.check import check


def namespace_checks(service: str, label: str, cli: str, data_roles: str) -> tuple:
    """The four checks of a messaging namespace of `service` (eventhub, servicebus); `label` names it in titles,
    `cli` is its `az` command group."""
    namespace = f"azure.{service}.namespace"

    @check(id=f"azure.{service}.local_auth_disabled", severity="medium", resource_type=namespace,
           reads=("local_auth_disabled",), title=f"{label} refuses SAS keys", rationale=LOCAL_AUTH_WHY,
           remediation=f"`az {cli} update --disable-local-auth true` after moving clients to Entra identities with "
                       f"{data_roles}.")
    def local_auth(item, snapshot):
        return local_auth_disabled(item.config["local_auth_disabled"], "shared access signature keys")

    @check(id=f"azure.{service}.network_access_restricted", severity="medium", resource_type=namespace,
           reads=("public_network_access", "network_rule_set"),
           title=f"{label} is not reachable from every network", rationale=REACH_WHY,
           remediation="Disable public network access and use private endpoints, or set the namespace's network rule "
                       "set to deny by default with only the networks that need it.")
    def network_access_restricted(item, snapshot):
        return namespace_reach(item.config)

    @check(id=f"azure.{service}.minimum_tls_12", severity="medium", resource_type=namespace,
           reads=("minimum_tls_version",), title=f"{label} requires TLS 1.2 or newer", rationale=TLS_WHY,
           remediation=f"`az {cli} update --minimum-tls-version 1.2`.")
    def minimum_tls(item, snapshot):
        return minimum_tls_12(item.config["minimum_tls_version"])

    @check(id=f"azure.{service}.public_network_access_disabled", severity="low", resource_type=namespace,
           reads=("public_network_access",), title=f"{label} has its public network access disabled",
           rationale=PUBLIC_WHY,
           remediation=f"`az {cli} update --public-network-access Disabled` after creating private endpoints.")
    def public_network_access_disabled(item, snapshot):
        return public_access_disabled(item.config)

    return local_auth, network_access_restricted, minimum_tls, public_network_access_disabled
