"""Cloud SQL instances: connectivity, TLS, backups, and the CIS database flags per engine (declared as data
below: the flag, the engine it belongs to, the values that pass and the value Cloud SQL uses when unset)."""

from srmscan.analysis.address_space import network, whole_space_of
from srmscan.analysis.engine_lifecycles import CLOUD_SQL, CLOUD_SQL_SOURCE, table_verdict
from srmscan.check import check, check_family, failed, passed

SQL = "gcp.sql.instance"
ENCRYPTED_MODES = ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
WARNING_OR_STRICTER = ("warning", "error", "log", "fatal", "panic")


def _engine(instance) -> str:
    return instance.config["database_version"].split("_", 1)[0].upper()


@check(id="gcp.sql.ssl_required", severity="high", resource_type=SQL, reads=("ssl_mode",),
       title="Cloud SQL instance accepts only encrypted connections",
       rationale="Unencrypted database sessions expose credentials and data on the network path.",
       remediation="`gcloud sql instances patch NAME --ssl-mode=ENCRYPTED_ONLY`.")
def ssl_required(instance, snapshot):
    mode = instance.config["ssl_mode"]
    if mode in ENCRYPTED_MODES:
        return passed(f"sslMode {mode}")
    return failed(f"sslMode {mode}: unencrypted connections are accepted")


def _anywhere(authorized: list[str]) -> list[str]:
    """The authorized networks that make the whole internet: a /0, or all of them when together they hold
    every address of a family (0.0.0.0/1 + 128.0.0.0/1); [] otherwise."""
    networks = [(value, n) for value in authorized if (n := network(value)) is not None]
    return [value for value, _ in whole_space_of(networks, lambda pair: pair[1])]


@check(id="gcp.sql.no_authorized_network_anywhere", severity="critical", resource_type=SQL,
       reads=("authorized_networks", "public_ip"),
       title="Cloud SQL instance does not authorize the whole internet (0.0.0.0/0, alone or in pieces)",
       rationale="An authorized network of the whole internet lets anyone try to log in to the database. CIS audits "
                 "the list itself: on an instance without a public IP it is latent, and takes effect the moment "
                 "one is assigned.",
       remediation="Remove 0.0.0.0/0 from the authorized networks; use private IP or the Cloud SQL Auth Proxy.")
def no_authorized_network_anywhere(instance, snapshot):
    anywhere = _anywhere(instance.config["authorized_networks"])
    named = (f"authorized network {anywhere[0]}" if len(anywhere) == 1
             else f"authorized networks {', '.join(anywhere)} (together the whole internet)")
    if anywhere and instance.config["public_ip"]:
        return failed(f"{named} on a public IP", authorized=anywhere)
    if anywhere:
        return failed(f"{named}: no public IP now, open to everyone once one is assigned", authorized=anywhere,
                      public_ip=False)
    return passed("no authorized network covers the whole internet")


@check(id="gcp.sql.no_public_ip", severity="medium", resource_type=SQL, reads=("public_ip",),
       title="Cloud SQL instance has no public IP address",
       rationale="A private IP keeps the database off the internet. Read replicas are judged too: each has its own "
                 "IP configuration and can carry a public address of its own.",
       remediation="`gcloud sql instances patch NAME --network=VPC --no-assign-ip`.")
def no_public_ip(instance, snapshot):
    if instance.config["public_ip"]:
        return failed("the instance has a public IP address")
    return passed("private IP only")


@check(id="gcp.sql.automated_backups", severity="medium", resource_type=SQL, reads=("backups", "instance_type"),
       title="Cloud SQL instance takes automated backups",
       rationale="Backups of the customer's data are the customer's to configure.",
       remediation="`gcloud sql instances patch NAME --backup-start-time=HH:MM`.")
def automated_backups(instance, snapshot):
    if instance.config["instance_type"] == "READ_REPLICA_INSTANCE":
        return passed("read replica: automated backups do not apply")
    if instance.config["backups"]:
        return passed("automated backups are on")
    return failed("automated backups are off")


# suffix -> (engine, flag, passing values (lower case), value when unset, what it does, severity)
FLAGS = {
    "mysql_skip_show_database": ("MYSQL", "skip_show_database", ("on",), "off", "hides other users' databases", "low"),
    "mysql_local_infile_off": ("MYSQL", "local_infile", ("off",), "on", "refuses LOAD DATA LOCAL", "medium"),
    "postgres_log_error_verbosity": ("POSTGRES", "log_error_verbosity", ("default", "terse"), "default",
                                     "logs errors at DEFAULT verbosity or stricter", "low"),
    "postgres_log_connections": ("POSTGRES", "log_connections", ("on",), "off", "logs connection attempts", "medium"),
    "postgres_log_disconnections": ("POSTGRES", "log_disconnections", ("on",), "off", "logs session ends", "medium"),
    "postgres_log_statement": ("POSTGRES", "log_statement", ("ddl", "mod", "all"), "none",
                               "logs data definition statements", "low"),
    "postgres_log_min_messages": ("POSTGRES", "log_min_messages", WARNING_OR_STRICTER, "error",
                                  "logs messages of WARNING severity and above", "low"),
    "postgres_log_min_error_statement": ("POSTGRES", "log_min_error_statement", ("error", "log", "fatal", "panic"),
                                         "error", "logs statements causing errors", "low"),
    "postgres_log_min_duration_disabled": ("POSTGRES", "log_min_duration_statement", ("-1",), "-1",
                                           "does not log whole statements by duration (they may hold secrets)",
                                           "low"),
    "postgres_pgaudit": ("POSTGRES", "cloudsql.enable_pgaudit", ("on",), "off", "enables pgAudit logging", "medium"),
    "sqlserver_external_scripts_off": ("SQLSERVER", "external scripts enabled", ("off",), "off",
                                       "refuses external scripts", "medium"),
    "sqlserver_cross_db_ownership_chaining_off": ("SQLSERVER", "cross db ownership chaining", ("off",), "off",
                                                  "keeps cross-database ownership chaining off", "medium"),
    "sqlserver_user_connections_unlimited": ("SQLSERVER", "user connections", ("0",), "0",
                                             "does not cap user connections", "low"),
    "sqlserver_user_options_unset": ("SQLSERVER", "user options", (None,), None,
                                     "leaves the user options flag unset", "low"),
    "sqlserver_remote_access_off": ("SQLSERVER", "remote access", ("off",), "on",
                                    "refuses remote stored procedure execution", "medium"),
    "sqlserver_trace_flag_3625": ("SQLSERVER", "3625", ("on",), "off", "masks error details (trace flag 3625)", "low"),
    "sqlserver_contained_db_auth_off": ("SQLSERVER", "contained database authentication", ("off",), "off",
                                        "refuses contained database authentication", "medium"),
}


def judge_flag(instance, engine: str, flag: str, passing: tuple, unset):
    if _engine(instance) != engine:
        return passed(f"not a {engine.title()} instance: the flag does not apply")
    flags = instance.config["flags"]
    value = flags[flag].strip().lower() if flag in flags else unset
    shown = "unset" if flag not in flags else repr(flags[flag])
    if value in passing:
        return passed(f"{flag} is {shown}" + (f" (Cloud SQL uses {unset})" if flag not in flags and unset else ""))
    return failed(f"{flag} is {shown}" + (f" (Cloud SQL uses {unset})" if flag not in flags and unset else ""),
                  flag=flag, wanted=[v for v in passing if v is not None] or "unset")


def _declare(suffix, engine, flag, passing, unset, what, severity):
    @check(id=f"gcp.sql.flag_{suffix}", severity=severity, resource_type=SQL, reads=("database_version", "flags"),
           title=f"Cloud SQL {engine.title()} instance {what} (flag {flag})",
           rationale="Database engine settings are the customer's configuration under the PaaS model; the CIS "
                     "benchmark sets this flag for logging or attack-surface reasons.",
           remediation=f"`gcloud sql instances patch NAME --database-flags=...` with {flag} set as required "
                       "(the command replaces every flag: list them all).")
    def judge(instance, snapshot):
        return judge_flag(instance, engine, flag, passing, unset)

    return judge


FLAG_CHECKS = check_family(_declare, FLAGS)


@check(id="gcp.sql.high_availability", severity="low", resource_type=SQL, reads=("availability", "instance_type"),
       title="Cloud SQL instance is highly available across zones (REGIONAL)",
       rationale="A zonal instance stops with its zone; a regional one fails over to a standby in another zone.",
       remediation="`gcloud sql instances patch NAME --availability-type=REGIONAL`.")
def high_availability(instance, snapshot):
    if instance.config["instance_type"] != "CLOUD_SQL_INSTANCE":
        return passed(f"{instance.config['instance_type']}: availability follows its primary")
    kind = instance.config["availability"]
    if kind == "REGIONAL":
        return passed("REGIONAL: a standby in another zone")
    return failed(f"{kind}: a zone outage stops the database", availability=kind)


@check(id="gcp.sql.mysql_standard_support", severity="high", resource_type=SQL,
       reads=("database_version", "account.read_at"),
       title="Cloud SQL for MySQL instance runs a major version in standard support",
       rationale="Past standard support a major version only gets what paid extended support ships, and at end of "
                 "life Cloud SQL upgrades the instance on its own schedule.",
       remediation="Upgrade the major version in place (`gcloud sql instances patch NAME --database-version=MYSQL_8_4`) "
                   "after testing it on a clone.")
def mysql_standard_support(instance, snapshot):
    engine = _engine(instance)
    if engine != "MYSQL":
        return passed(f"not a MySQL instance ({instance.config['database_version']}): Cloud SQL for MySQL's schedule "
                      "does not apply")
    version = instance.config["database_version"].split("_", 1)[1].replace("_", ".")
    return table_verdict(CLOUD_SQL, CLOUD_SQL_SOURCE, "MySQL", version, snapshot.read_on(instance))
