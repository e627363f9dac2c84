"""The judgements Azure PaaS services share (Event Hubs, Service Bus, Redis, Cosmos DB, Container Registry, AI
services, Databricks, Synapse, Data Factory ...), each on the config keys of srmscan.providers.azure.declare's
network_access_config and the services' own shapes:

- reachable from every network or not: public access Disabled, or a firewall whose default action is Deny and
  none of whose allowed ranges is the whole internet;
- public network access Disabled (private endpoints only);
- key-based (local) authentication off, so only Entra identities get in;
- a minimum TLS version of 1.2 or newer (unset fails, as Azure Policy's audit does: the field is the setting).
"""

from __future__ import annotations

from srmscan.analysis.address_space import address_range, network, whole_families
from srmscan.analysis.azure_endpoints import public_endpoint
from srmscan.check import Verdict, failed, passed

REACH_READS = ("public_network_access", "network_default_action", "ip_rules")
REACH_WHY = ("A resource its firewall opens to every network has only its keys and tokens between it and the "
             "internet; a private endpoint or a firewall that denies by default keeps it to the networks that need it.")
PUBLIC_WHY = ("With public network access disabled the resource answers on private endpoints only; a firewall on "
              "the public endpoint is one setting away from being opened.")
LOCAL_AUTH_WHY = ("Access keys and SAS tokens are shared secrets that never expire by themselves and name no one; "
                  "with local authentication off, every caller is an Entra identity that RBAC scopes and logs name.")
TLS_WHY = "TLS 1.0 and 1.1 have known weaknesses; the minimum version a client may negotiate is the owner's setting."


def _networks(rule: str) -> list:
    """An allowed-range rule as networks: a CIDR, an address, or a "first-last" range; "*" is everything."""
    text = str(rule).strip()
    if text == "*":
        return [network("0.0.0.0/0"), network("::/0")]
    if "-" in text:
        return address_range(*text.split("-", 1))
    found = network(text)
    return [found] if found is not None else []


def whole_internet(rules: list[str]) -> bool:
    """Do the allowed ranges together admit every IPv4 or every IPv6 address, however they are cut?"""
    return bool(whole_families(n for rule in rules for n in _networks(rule)))


def reach(config, **more) -> Verdict:
    """Whether the resource is reachable from every network (FAIL) or only from chosen ones (PASS)."""
    if public_endpoint(config["public_network_access"]) is None:
        return passed("public network access is disabled")
    if str(config["network_default_action"]).lower() == "deny":
        rules = [r for r in config["ip_rules"] if r]
        if whole_internet(rules):
            return failed("the firewall denies by default but its rules allow the whole internet", ip_rules=rules)
        return passed(f"the firewall denies by default; allowed: {', '.join(rules) or 'no public range'}",
                      ip_rules=rules, **more)
    return failed("reachable from every network (public network access on, the firewall allows by default)")


def public_access_disabled(config) -> Verdict:
    how = public_endpoint(config["public_network_access"])
    if how is None:
        return passed("public network access is disabled")
    return failed(how, public_network_access=config["public_network_access"])


def local_auth_disabled(disabled: bool, what: str = "access keys") -> Verdict:
    if disabled:
        return passed(f"local authentication is off: {what} are refused, only Entra identities get in")
    return failed(f"local authentication is on: {what} grant access without an Entra identity")


def minimum_tls_12(version) -> Verdict:
    text = str(version or "").upper().replace("TLS", "").replace("_", ".").replace("V", "").strip(". ")
    if text in ("1.2", "1.3"):
        return passed(f"minimum TLS {text}", minimum_tls_version=version)
    return failed(f"minimum TLS {text or 'unset'}: clients may negotiate TLS older than 1.2", minimum_tls_version=version)


def namespace_reach(config) -> Verdict:
    """Event Hubs and Service Bus: the namespace's public access and its network rule set's firewall."""
    rules = config["network_rule_set"]
    return reach({"public_network_access": config["public_network_access"],
                  "network_default_action": rules["default_action"], "ip_rules": rules["ip_rules"]})
