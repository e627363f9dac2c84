"""What the PostgreSQL and MySQL flexible server checks share: the same two judgements, on either engine."""

from __future__ import annotations

from srmscan.analysis.azure_endpoints import public_endpoint
from srmscan.check import Verdict, failed, passed

REACH_READS = ("public_network_access", "private_subnet")
REACH_WHY = ("With public access on, the server's firewall rules are all that stands between the internet and its "
             "logins; a server in a delegated subnet (VNet integration) or behind a private endpoint has no public "
             "endpoint.")
TLS_WHY = "A server that accepts unencrypted connections lets credentials and data cross the network in clear."


def reach(server) -> Verdict:
    how = public_endpoint(server.config["public_network_access"])
    if how:
        return failed(how)
    subnet = server.config["private_subnet"]
    return passed("public network access is disabled" + (f" (VNet-integrated: {subnet})" if subnet else ""))


def tls_enforced(server) -> Verdict:
    value = server.config["require_secure_transport"]
    if value == "on":
        return passed("require_secure_transport is ON: unencrypted connections are refused")
    return failed(f"require_secure_transport is {value or 'unset'}: unencrypted connections are accepted",
                  require_secure_transport=value)
