"""What the PostgreSQL and MySQL flexible server checks share: the same judgements, on either engine."""

from __future__ import annotations

from srmscan.analysis.azure_endpoints import public_endpoint
from srmscan.analysis.engine_lifecycles import AZURE_FLEXIBLE, AZURE_FLEXIBLE_SOURCE, table_verdict
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


VERSION_READS = ("version", "account.read_at")
VERSION_WHY = ("Past the end of Azure's standard support a major version gets no regular engine security releases "
               "(paid Extended Support ships only critical fixes), while the server keeps running on it.")


def version_supported(server, snapshot, engine: str) -> Verdict:
    return table_verdict(AZURE_FLEXIBLE, AZURE_FLEXIBLE_SOURCE, engine, str(server.config["version"] or ""),
                         snapshot.read_on(server))


HA_WHY = ("Without high availability a zone or host failure stops the database until Azure rebuilds it; a standby "
          "in another zone takes over in a minute or two.")


def high_availability(server) -> Verdict:
    mode = server.config["high_availability"]
    if mode == "ZoneRedundant":
        return passed("zone-redundant high availability: a standby in another availability zone")
    if mode == "SameZone":
        return passed("same-zone high availability: a standby in the same zone (no protection from a zone outage)")
    return failed(f"high availability {mode}: no standby", high_availability=mode)
