"""Azure SQL logical servers (PaaS): administration through Entra ID, network reach, TLS."""

from srmscan.analysis.address_space import address_range, covers_family, network
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


AZURE_SERVICES = ("0.0.0.0", "0.0.0.0")   # the rule "Allow Azure services and resources to access this server"


def _ranges(rules) -> list[tuple[dict, list]]:
    return [(r, address_range(r["start"], r["end"])) for r in rules if (r["start"], r["end"]) != AZURE_SERVICES]


@check(id="azure.sql.no_firewall_rule_for_everyone", severity="high", resource_type=SERVER, reads=("firewall_rules",),
       title="No SQL server firewall rules admit every IPv4 address, alone or together",
       rationale="Rules that together span 0.0.0.0-255.255.255.255 (one rule, or two halves) let the whole internet "
                 "reach the database login.",
       remediation="Delete those rules and add rules for your own address ranges only (or use private endpoints).")
def no_firewall_rule_for_everyone(server, snapshot):
    rules = _ranges(server.config["firewall_rules"])
    # 0.0.0.0 itself is no address anyone connects from: 0.0.0.1-255.255.255.255 admits everyone too.
    if covers_family([n for _, networks in rules for n in networks] + [network("0.0.0.0/32")], 4):
        named = [f"{r['name']} ({r['start']}-{r['end']})" for r, networks in rules if networks]
        return failed(f"{'rule' if len(named) == 1 else 'rules'} {', '.join(named)} together admit every IPv4 address",
                      rules=[r["name"] for r, networks in rules if networks])
    return passed("no rule, alone or with the others, admits every address")


@check(id="azure.sql.no_allow_all_azure_services", severity="medium", resource_type=SERVER, reads=("firewall_rules",),
       title="The SQL server firewall does not admit all Azure services",
       rationale="The 0.0.0.0-0.0.0.0 rule (AllowAllWindowsAzureIps, \"Allow Azure services and resources to access this "
                 "server\") admits connections from every Azure customer's resources, not only yours.",
       remediation="Turn off \"Allow Azure services and resources to access this server\" (delete the 0.0.0.0 rule); give "
                   "your own services private endpoints or virtual network rules.")
def no_allow_all_azure_services(server, snapshot):
    azure_wide = [r["name"] for r in server.config["firewall_rules"] if (r["start"], r["end"]) == AZURE_SERVICES]
    if azure_wide:
        return failed(f"rule {', '.join(azure_wide)} (0.0.0.0-0.0.0.0) admits every Azure customer's resources",
                      rules=azure_wide)
    return passed("no rule admits all Azure services")


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
