"""Azure Database for PostgreSQL and MySQL flexible servers (PaaS): network reach and TLS enforcement."""

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


def _tls_enforced(server):
    value = server.config["require_secure_transport"]
    if value == "on":
        return passed("require_secure_transport is ON: unencrypted connections are refused")
    return failed(f"require_secure_transport is {value or 'unset'}: unencrypted connections are accepted",
                  require_secure_transport=value)


TLS_WHY = "A server that accepts unencrypted connections lets credentials and data cross the network in clear."


@check(id="azure.postgresql.tls_enforced", severity="high", resource_type="azure.postgresql.flexible_server",
       reads=("require_secure_transport",), title="PostgreSQL flexible server refuses unencrypted connections",
       rationale=TLS_WHY, remediation="Set the server parameter require_secure_transport to ON.")
def postgresql_tls_enforced(server, snapshot):
    return _tls_enforced(server)


@check(id="azure.mysql.tls_enforced", severity="high", resource_type="azure.mysql.flexible_server",
       reads=("require_secure_transport",), title="MySQL flexible server refuses unencrypted connections",
       rationale=TLS_WHY, remediation="Set the server parameter require_secure_transport to ON.")
def mysql_tls_enforced(server, snapshot):
    return _tls_enforced(server)
