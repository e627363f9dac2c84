"""Azure Database for PostgreSQL and MySQL flexible servers (PaaS): network reach."""

from srmscan.analysis.azure_endpoints import public_endpoint
from srmscan.check import check, failed, passed

READS = ("public_network_access", "private_subnet")
WHY = ("With public access on, the server's firewall rules are all that stands between the internet and its "
       "logins; a server in a delegated subnet (VNet integration) or behind a private endpoint has no public "
       "endpoint.")


def _reach(server):
    how = public_endpoint(server.config["public_network_access"])
    if how:
        return failed(how)
    subnet = server.config["private_subnet"]
    return passed("public network access is disabled" + (f" (VNet-integrated: {subnet})" if subnet else ""))


@check(id="azure.postgresql.public_network_access", severity="medium", resource_type="azure.postgresql.flexible_server",
       reads=READS, title="PostgreSQL flexible server has no public endpoint", rationale=WHY,
       remediation="Use VNet integration or a private endpoint and disable public access "
                   "(`az postgres flexible-server update --public-access Disabled`).")
def postgresql_public_network_access(server, snapshot):
    return _reach(server)


@check(id="azure.mysql.public_network_access", severity="medium", resource_type="azure.mysql.flexible_server",
       reads=READS, title="MySQL flexible server has no public endpoint", rationale=WHY,
       remediation="Use VNet integration or a private endpoint and disable public access "
                   "(`az mysql flexible-server update --public-access Disabled`).")
def mysql_public_network_access(server, snapshot):
    return _reach(server)
