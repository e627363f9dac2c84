"""Azure Database for PostgreSQL flexible servers (PaaS): network reach, TLS, version currency and high availability
(srmscan.analysis.azure_flexible_servers, shared with the other engine)."""

from srmscan.analysis.azure_flexible_servers import (HA_WHY, REACH_READS, REACH_WHY, TLS_WHY, VERSION_READS, VERSION_WHY,
                                                  high_availability, reach, tls_enforced, version_supported)
from srmscan.check import check

SERVER = "azure.postgresql.flexible_server"


@check(id="azure.postgresql.public_network_access", severity="medium", resource_type=SERVER, reads=REACH_READS,
       title="PostgreSQL flexible server has no public endpoint", rationale=REACH_WHY,
       remediation="Use VNet integration or a private endpoint and disable public access "
                   "(`az postgres flexible-server update --public-access Disabled`).")
def postgresql_public_network_access(server, snapshot):
    return reach(server)


@check(id="azure.postgresql.tls_enforced", severity="high", resource_type=SERVER, reads=("require_secure_transport",),
       title="PostgreSQL flexible server refuses unencrypted connections", rationale=TLS_WHY,
       remediation="Set the server parameter require_secure_transport to ON.")
def postgresql_tls_enforced(server, snapshot):
    return tls_enforced(server)


@check(id="azure.postgresql.version_supported", severity="high", resource_type=SERVER, reads=VERSION_READS,
       title="PostgreSQL flexible server runs a major version in Azure standard support", rationale=VERSION_WHY,
       remediation="Upgrade the server in place to a supported major version (`az postgres flexible-server upgrade`).")
def postgresql_version_supported(server, snapshot):
    return version_supported(server, snapshot, "PostgreSQL")


@check(id="azure.postgresql.high_availability", severity="low", resource_type=SERVER, reads=("high_availability",),
       title="PostgreSQL flexible server has a high-availability standby", rationale=HA_WHY,
       remediation="`az postgres flexible-server update --high-availability ZoneRedundant` (General Purpose or "
                   "Business Critical tier).")
def postgresql_high_availability(server, snapshot):
    return high_availability(server)
