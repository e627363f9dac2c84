"""Azure Database for MySQL flexible servers (PaaS): network reach and TLS enforcement
(srmscan.analysis.azure_flexible_servers, shared with the other engine)."""

from srmscan.analysis.azure_flexible_servers import REACH_READS, REACH_WHY, TLS_WHY, reach, tls_enforced
from srmscan.check import check

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
