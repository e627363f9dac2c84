"""Azure Database for PostgreSQL and MySQL flexible servers (PaaS): network reach."""

from srmscan.check import check, failed, passed

READS = ("public_network_access", "private_subnet")
WHY = ("With public access on, the server's firewall rules are all that stands between the internet and its "
       "logins; a server in a delegated subnet (VNet integration) or behind a private endpoint has no public "
       "endpoint.")


def _reach(server):
    access = str(server.config["public_network_access"])
    if access.lower() == "disabled":
        subnet = server.config["private_subnet"]
        return passed("public access disabled" + (f" (VNet-integrated: {subnet})" if subnet else ""))
    return failed(f"public access {access}: reachable wherever its firewall rules allow")


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
