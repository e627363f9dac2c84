"""Azure Database for MySQL flexible servers (PaaS): network reach, TLS, version currency and high availability
(srmscan.analysis.azure_flexible_servers, shared with the other engine)."""

from srmscan.analysis.azure_flexible_servers import (HA_WHY, REACH_READS, REACH_WHY, TLS_WHY, VERSION_READS, VERSION_WHY,
                                                  high_availability, reach, tls_enforced, version_supported)
from srmscan.check import check, failed, judged

SERVER = "azure.mysql.flexible_server"


@check(id="azure.mysql.public_network_access", severity="medium", resource_type=SERVER, reads=REACH_READS,
       title="MySQL flexible server has no public endpoint", rationale=REACH_WHY,
       remediation="Use VNet integration or a private endpoint and disable public access "
                   "(`az mysql flexible-server update --public-access Disabled`).")
def mysql_public_network_access(server, snapshot):
    return reach(server)


@check(id="azure.mysql.tls_enforced", severity="high", resource_type=SERVER, reads=("require_secure_transport",),
       title="MySQL flexible server refuses unencrypted connections", rationale=TLS_WHY,
       remediation="Set the server parameter require_secure_transport to ON.")
def mysql_tls_enforced(server, snapshot):
    return tls_enforced(server)


@check(id="azure.mysql.version_supported", severity="high", resource_type=SERVER, reads=VERSION_READS,
       title="MySQL flexible server runs a major version in Azure standard support", rationale=VERSION_WHY,
       remediation="Upgrade the server's major version (`az mysql flexible-server upgrade --version 8.4`).")
def mysql_version_supported(server, snapshot):
    return version_supported(server, snapshot, "MySQL")


@check(id="azure.mysql.tls_version_12", severity="medium", resource_type=SERVER, reads=("tls_version",),
       title="MySQL flexible server accepts TLS 1.2 or newer only",
       rationale="TLS 1.0 and 1.1 have known weaknesses; the server parameter tls_version lists what clients may use.",
       remediation="Set the server parameter tls_version to TLSv1.2 (or TLSv1.2,TLSv1.3).")
def mysql_tls_version(server, snapshot):
    value = server.config["tls_version"] or ""
    versions = [v.strip() for v in value.split(",") if v.strip()]
    older = [v for v in versions if v not in ("tlsv1.2", "tlsv1.3")]
    if not versions:
        return failed("tls_version is not set")
    return judged(not older, f"tls_version {value}", f"tls_version {value}: accepts {', '.join(older)}")


@check(id="azure.mysql.high_availability", severity="low", resource_type=SERVER, reads=("high_availability",),
       title="MySQL flexible server has a high-availability standby", rationale=HA_WHY,
       remediation="`az mysql flexible-server update --high-availability ZoneRedundant` (General Purpose or "
                   "Business Critical tier).")
def mysql_high_availability(server, snapshot):
    return high_availability(server)
