"""Azure SQL logical servers (PaaS): administration through Entra ID, network reach, TLS."""

from srmscan.analysis.azure_endpoints import public_endpoint
from srmscan.check import check, failed, passed

SERVER = "azure.sql.server"
TLS_ORDER = {"1.0": 0, "1.1": 1, "1.2": 2, "1.3": 3}


@check(id="azure.sql.entra_admin", severity="medium", resource_type=SERVER,
       reads=("entra_admin", "entra_only_authentication"),
       title="Azure SQL server has a Microsoft Entra administrator",
       rationale="Without an Entra administrator only SQL logins exist: no MFA, no conditional access, no central "
                 "joiner/leaver process for database administrators.",
       remediation="Set an Entra group as the server's administrator (`az sql server ad-admin create`), then "
                   "consider Entra-only authentication.")
def entra_admin(server, snapshot):
    admin = server.config["entra_admin"]
    if not admin:
        return failed("no Microsoft Entra administrator: only SQL authentication")
    only = " (Entra-only authentication)" if server.config["entra_only_authentication"] else ""
    return passed(f"Entra administrator {admin}{only}", entra_admin=admin)


@check(id="azure.sql.public_network_access", severity="medium", resource_type=SERVER, reads=("public_network_access",),
       title="Azure SQL server is not reachable through its public endpoint",
       rationale="With public network access on, the server's firewall rules are all that stands between the "
                 "internet and its logins.",
       remediation="Use a private endpoint and set public network access to Disabled "
                   "(`az sql server update --enable-public-network false`).")
def public_network_access(server, snapshot):
    how = public_endpoint(server.config["public_network_access"])
    return failed(how) if how else passed("public network access is disabled")


@check(id="azure.sql.minimum_tls_12", severity="medium", resource_type=SERVER, reads=("minimal_tls_version",),
       title="Azure SQL server refuses TLS older than 1.2",
       rationale="TLS 1.0 and 1.1 have known weaknesses and are deprecated; a server accepting them lets clients "
                 "negotiate down.",
       remediation="`az sql server update --minimal-tls-version 1.2`.")
def minimum_tls_12(server, snapshot):
    version = server.config["minimal_tls_version"]
    if version in (None, "", "None"):
        return failed("no minimal TLS version set: TLS 1.0 and 1.1 are accepted")
    if TLS_ORDER.get(str(version), -1) >= TLS_ORDER["1.2"]:
        return passed(f"minimal TLS version {version}")
    return failed(f"minimal TLS version {version}")


@check(id="azure.sql.no_firewall_rule_for_everyone", severity="high", resource_type=SERVER, reads=("firewall_rules",),
       title="No SQL server firewall rule admits every IPv4 address",
       rationale="A rule from 0.0.0.0 to 255.255.255.255 lets the whole internet reach the database login.",
       remediation="Delete the rule and add rules for your own address ranges only (or use private endpoints).")
def no_firewall_rule_for_everyone(server, snapshot):
    wide = [r["name"] for r in server.config["firewall_rules"]
            if r["start"] == "0.0.0.0" and r["end"] == "255.255.255.255"]
    if wide:
        return failed(f"rule {', '.join(wide)} admits 0.0.0.0-255.255.255.255", rules=wide)
    azure_only = [r["name"] for r in server.config["firewall_rules"] if r["start"] == r["end"] == "0.0.0.0"]
    return passed("no rule admits every address" + (f" ({', '.join(azure_only)} admits Azure services)"
                                                     if azure_only else ""))


@check(id="azure.sql.auditing_90_days", severity="medium", resource_type=SERVER, reads=("auditing",),
       title="SQL server auditing is on and keeps records at least 90 days",
       rationale="Database audit records are the customer's evidence of who read or changed its data.",
       remediation="SQL server > Auditing: enable, send to Log Analytics or a storage account with retention of 90 "
                   "days or more (0 = unlimited).")
def auditing_90_days(server, snapshot):
    auditing = server.config["auditing"]
    if str(auditing["state"]).lower() != "enabled":
        return failed(f"auditing is {auditing['state'] or 'off'}")
    days = auditing["retention_days"] or 0
    if auditing["to_storage"] and 0 < days < 90 and not auditing["to_log_analytics"]:
        return failed(f"audit records are kept {days} days", retention_days=days)
    where = ", ".join(k for k, v in (("Log Analytics", auditing["to_log_analytics"]),
                                       ("storage", auditing["to_storage"])) if v) or "the default destination"
    return passed(f"auditing on, to {where}" + (f", kept {days} days" if days else ""), retention_days=days)


@check(id="azure.sql.database_tde", severity="medium", resource_type="azure.sql.database", reads=("tde",),
       title="SQL database is encrypted at rest with transparent data encryption",
       rationale="TDE encrypts the database files, backups and logs; switching it off is the customer's choice.",
       remediation="`az sql db tde set --status Enabled --database DB --server SERVER --resource-group RG`.")
def database_tde(database, snapshot):
    state = database.config["tde"]
    if str(state).lower() == "enabled":
        return passed("transparent data encryption is on")
    return failed(f"transparent data encryption is {state or 'unknown'}", state=state)
