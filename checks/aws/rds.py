"""RDS (CIS AWS 2.2): encryption, automatic minor upgrades, no public access, Multi-AZ."""

from srmscan.analysis.aws_sharing import sharing_verdict
from srmscan.analysis.engine_lifecycles import major_of, rds_support, support_verdict
from srmscan.check import check, failed, judged, passed, undetermined

RDS = "aws.rds.instance"


@check(id="aws.rds.instance_encrypted", title="RDS instances are encrypted at rest", severity="high",
       resource_type=RDS, reads=("storage_encrypted", "kms_key"),
       rationale="An unencrypted database leaves its storage, snapshots and replicas readable to whoever gets them.",
       remediation="Restore an encrypted copy from an encrypted snapshot copy and switch the application to it.")
def rds_encrypted(db, snapshot):
    if db.config["storage_encrypted"]:
        return passed(f"encrypted with {db.config['kms_key']}", kms_key=db.config["kms_key"])
    return failed("storage is not encrypted")


@check(id="aws.rds.instance_auto_minor_upgrade", title="RDS instances apply minor version upgrades automatically",
       severity="low", resource_type=RDS, reads=("auto_minor_version_upgrade",),
       rationale="Minor versions carry the engine's security fixes.",
       remediation="`aws rds modify-db-instance --db-instance-identifier DB --auto-minor-version-upgrade`.")
def rds_auto_minor_upgrade(db, snapshot):
    if db.config["auto_minor_version_upgrade"]:
        return passed("auto minor version upgrade is on")
    return failed("auto minor version upgrade is off")


@check(id="aws.rds.instance_not_public", title="RDS instances are not publicly accessible", severity="high",
       resource_type=RDS, reads=("publicly_accessible",),
       rationale="A publicly accessible instance gets a public DNS name and address: only its security group "
                 "stands between the database and the internet.",
       remediation="`aws rds modify-db-instance --db-instance-identifier DB --no-publicly-accessible`.")
def rds_not_public(db, snapshot):
    if db.config["publicly_accessible"]:
        return failed("the instance is publicly accessible")
    return passed("the instance is not publicly accessible")


@check(id="aws.rds.instance_multi_az", title="RDS instances use Multi-AZ deployments", severity="low",
       resource_type=RDS, reads=("multi_az",),
       rationale="A standby in another Availability Zone keeps the database available through a zone failure.",
       remediation="`aws rds modify-db-instance --db-instance-identifier DB --multi-az`.")
def rds_multi_az(db, snapshot):
    if db.config["multi_az"]:
        return passed("Multi-AZ is on")
    return failed("single-AZ deployment")


def _cluster_member(db):
    """Aurora and Multi-AZ DB cluster members take these settings from their cluster, judged by the
    aws.rds.cluster_* checks (FSBP RDS.7, RDS.12)."""
    return db.config["cluster"]


@check(id="aws.rds.instance_deletion_protection", title="RDS instances have deletion protection on", severity="low",
       resource_type=RDS, reads=("deletion_protection", "cluster"),
       rationale="Without deletion protection one API call (or one mistaken pipeline) removes the database.",
       remediation="`aws rds modify-db-instance --db-instance-identifier DB --deletion-protection`.")
def rds_deletion_protection(db, snapshot):
    if cluster := _cluster_member(db):
        return passed(f"a member of cluster {cluster}: deletion protection is the cluster's setting")
    if db.config["deletion_protection"]:
        return passed("deletion protection is on")
    return failed("deletion protection is off")


@check(id="aws.rds.instance_automatic_backups", title="RDS instances keep automatic backups", severity="medium",
       resource_type=RDS, reads=("backup_retention_days", "cluster"),
       rationale="Without automatic backups there is no point-in-time restore after deletion, corruption or "
                 "ransomware.",
       remediation="Set a backup retention period of 7 days or more (`--backup-retention-period 7`).")
def rds_automatic_backups(db, snapshot):
    if cluster := _cluster_member(db):
        return passed(f"a member of cluster {cluster}: backups are the cluster's")
    days = db.config["backup_retention_days"] or 0
    if days > 0:
        return passed(f"automatic backups kept {days} days", days=days)
    return failed("automatic backups are off (retention 0 days)")


@check(id="aws.rds.instance_iam_authentication", title="RDS instances accept IAM database authentication",
       severity="medium", resource_type=RDS, reads=("iam_authentication", "engine", "cluster"),
       rationale="IAM authentication replaces long-lived database passwords with short-lived tokens tied to roles.",
       remediation="`aws rds modify-db-instance --db-instance-identifier DB --enable-iam-database-authentication`.")
def rds_iam_authentication(db, snapshot):
    if cluster := _cluster_member(db):
        return passed(f"a member of cluster {cluster}: IAM authentication is the cluster's setting")
    engine = str(db.config["engine"] or "")
    if not engine.startswith(("mysql", "postgres", "mariadb")):
        return passed(f"{engine or 'this engine'} does not offer IAM database authentication")
    if db.config["iam_authentication"]:
        return passed("IAM database authentication is on")
    return failed("IAM database authentication is off")


CLUSTER = "aws.rds.cluster"


@check(id="aws.rds.cluster_deletion_protection", title="RDS clusters have deletion protection on", severity="low",
       resource_type=CLUSTER, reads=("deletion_protection",),
       rationale="Without deletion protection one call removes the cluster and its automated backups.",
       remediation="`aws rds modify-db-cluster --db-cluster-identifier C --deletion-protection`.")
def cluster_deletion_protection(cluster, snapshot):
    return judged(cluster.config["deletion_protection"], "deletion protection is on", "deletion protection is off")


@check(id="aws.rds.cluster_iam_authentication", title="RDS clusters accept IAM database authentication",
       severity="medium", resource_type=CLUSTER, reads=("iam_authentication",),
       rationale="IAM authentication replaces long-lived database passwords with short-lived tokens tied to roles.",
       remediation="`aws rds modify-db-cluster --db-cluster-identifier C --enable-iam-database-authentication`.")
def cluster_iam_authentication(cluster, snapshot):
    return judged(cluster.config["iam_authentication"], "IAM database authentication is on",
                  "IAM database authentication is off")


@check(id="aws.rds.cluster_multi_az", title="RDS clusters span more than one Availability Zone", severity="medium",
       resource_type=CLUSTER, reads=("multi_az",),
       rationale="A cluster whose instances are all in one zone goes down with it.",
       remediation="Add a reader instance in another Availability Zone.")
def cluster_multi_az(cluster, snapshot):
    return judged(cluster.config["multi_az"], "instances in more than one Availability Zone",
                  "every instance is in one Availability Zone")


@check(id="aws.rds.cluster_encrypted", title="RDS clusters are encrypted at rest", severity="medium",
       resource_type=CLUSTER, reads=("storage_encrypted",),
       rationale="An unencrypted cluster leaves its storage, snapshots and replicas readable.",
       remediation="Restore an encrypted copy from an encrypted snapshot copy and switch the application to it.")
def cluster_encrypted(cluster, snapshot):
    return judged(cluster.config["storage_encrypted"], "storage is encrypted", "storage is not encrypted")


@check(id="aws.rds.cluster_auto_minor_upgrade", title="RDS clusters apply minor version upgrades automatically",
       severity="medium", resource_type=CLUSTER, reads=("auto_minor_version_upgrade",),
       rationale="Minor versions carry the engine's security fixes.",
       remediation="`aws rds modify-db-cluster --db-cluster-identifier C --auto-minor-version-upgrade`.")
def cluster_auto_minor_upgrade(cluster, snapshot):
    return judged(cluster.config["auto_minor_version_upgrade"], "automatic minor version upgrades are on",
                  "automatic minor version upgrades are off")


def _restore_verdict(snap):
    restorers = snap.config["restorers"]
    if "all" in restorers:
        return failed("every AWS account may copy or restore it (restore: all)")
    return passed(f"restorable by {', '.join(restorers)} only" if restorers else "restorable by this account only",
                  shared_with=restorers)


@check(id="aws.rds.snapshot_not_public", title="RDS snapshots are not public", severity="critical",
       resource_type="aws.rds.snapshot", reads=("restorers",),
       rationale="A public snapshot lets every AWS account restore the database, with all its data.",
       remediation="`aws rds modify-db-snapshot-attribute --attribute-name restore --values-to-remove all`.")
def snapshot_not_public(snap, snapshot):
    return _restore_verdict(snap)


@check(id="aws.rds.cluster_snapshot_not_public", title="RDS cluster snapshots are not public", severity="critical",
       resource_type="aws.rds.cluster_snapshot", reads=("restorers",),
       rationale="A public cluster snapshot lets every AWS account restore the cluster, with all its data.",
       remediation="`aws rds modify-db-cluster-snapshot-attribute --attribute-name restore --values-to-remove all`.")
def cluster_snapshot_not_public(snap, snapshot):
    return _restore_verdict(snap)


def _outside_verdict(snap, snapshot, what: str):
    return sharing_verdict(snap.config["restorers"], snap.account, snapshot.account(snap).config["organization_accounts"],
                           what)


@check(id="aws.rds.snapshot_not_shared_outside", title="RDS snapshots are not shared with accounts outside the "
       "organisation", severity="high", resource_type="aws.rds.snapshot",
       reads=("restorers", "account.organization_accounts"),
       rationale="An account the snapshot is shared with can restore the database and read all of it.",
       remediation="`aws rds modify-db-snapshot-attribute --attribute-name restore --values-to-remove ACCOUNT`.")
def snapshot_not_shared_outside(snap, snapshot):
    return _outside_verdict(snap, snapshot, "snapshot")


@check(id="aws.rds.cluster_snapshot_not_shared_outside", title="RDS cluster snapshots are not shared with accounts "
       "outside the organisation", severity="high", resource_type="aws.rds.cluster_snapshot",
       reads=("restorers", "account.organization_accounts"),
       rationale="An account the cluster snapshot is shared with can restore the cluster and read all of it.",
       remediation="`aws rds modify-db-cluster-snapshot-attribute --attribute-name restore --values-to-remove ACCOUNT`.")
def cluster_snapshot_not_shared_outside(snap, snapshot):
    return _outside_verdict(snap, snapshot, "cluster snapshot")


@check(id="aws.rds.snapshot_encrypted", title="RDS snapshots are encrypted at rest", severity="medium",
       resource_type="aws.rds.snapshot", reads=("encrypted",),
       rationale="An unencrypted snapshot can be copied and restored with its data readable.",
       remediation="Copy the snapshot with a KMS key (`aws rds copy-db-snapshot --kms-key-id K`) and delete the original.")
def snapshot_encrypted(snap, snapshot):
    return judged(snap.config["encrypted"], "the snapshot is encrypted", "the snapshot is not encrypted")


@check(id="aws.rds.cluster_snapshot_encrypted", title="RDS cluster snapshots are encrypted at rest", severity="medium",
       resource_type="aws.rds.cluster_snapshot", reads=("encrypted",),
       rationale="An unencrypted snapshot can be copied and restored with its data readable.",
       remediation="Copy the snapshot with a KMS key and delete the original.")
def cluster_snapshot_encrypted(snap, snapshot):
    return judged(snap.config["encrypted"], "the snapshot is encrypted", "the snapshot is not encrypted")


# Each engine's default port (RDS.23); the engine names as RDS gives them
DEFAULT_PORTS = {"mysql": 3306, "mariadb": 3306, "aurora-mysql": 3306, "aurora": 3306, "postgres": 5432,
                 "aurora-postgresql": 5432, "oracle": 1521, "sqlserver": 1433, "db2": 50000}
DEFAULT_ADMINS = ("admin", "postgres")   # the consoles' default master usernames (RDS.24, .25)


EDITIONED = ("oracle", "sqlserver", "db2")   # engines named with an edition: oracle-ee, sqlserver-se, db2-ae ...


def _default_port(engine: str | None) -> int | None:
    engine = (engine or "").lower()
    family = engine.split("-", 1)[0]
    return DEFAULT_PORTS.get(engine) or (DEFAULT_PORTS[family] if family in EDITIONED else None)


def _port_verdict(resource):
    engine, port = resource.config["engine"], resource.config["port"]
    default = _default_port(engine)
    if default is None:
        return undetermined(f"no default port is known for engine {engine!r}; update srmscan", engine=engine)
    return judged(port != default, f"port {port}, not {engine}'s default", f"{engine}'s default port {port}",
                  port=port)


def _username_verdict(resource):
    user = resource.config["master_username"]
    return judged(str(user or "").lower() not in DEFAULT_ADMINS, f"administrator user {user!r} is not a default",
                  f"the administrator user is the default {user!r}", master_username=user)


@check(id="aws.rds.instance_custom_port", title="RDS instances do not use their engine's default port",
       severity="low", resource_type=RDS, reads=("engine", "port"),
       rationale="Scanners sweep the default database ports first; another port removes the database from the "
                 "cheapest reconnaissance (it is no substitute for network controls).",
       remediation="Modify the instance's port (`aws rds modify-db-instance --db-port-number N`) and its clients.")
def instance_custom_port(db, snapshot):
    return _port_verdict(db)


@check(id="aws.rds.instance_custom_admin", title="RDS instances use a custom administrator username",
       severity="medium", resource_type=RDS, reads=("master_username", "cluster"),
       rationale="A default administrator name ('admin', 'postgres') leaves only the password to guess.",
       remediation="Create the database with another master username (it cannot be changed afterwards: restore a "
                   "snapshot into a new instance with one).")
def instance_custom_admin(db, snapshot):
    if _cluster_member(db):
        return passed("a cluster member: its administrator is the cluster's (aws.rds.cluster_custom_admin)")
    return _username_verdict(db)


@check(id="aws.rds.cluster_custom_admin", title="RDS clusters use a custom administrator username",
       severity="medium", resource_type=CLUSTER, reads=("master_username",),
       rationale="A default administrator name ('admin', 'postgres') leaves only the password to guess.",
       remediation="Restore the cluster from a snapshot with another master username.")
def cluster_custom_admin(cluster, snapshot):
    return _username_verdict(cluster)


def _engine_support(db, snapshot):
    """The engine version's support on the day of the scan, by the region's DescribeDBMajorEngineVersions answer."""
    engine, version = db.config["engine"], str(db.config["engine_version"] or "")
    lifecycles = snapshot.region(db).config["rds_engine_lifecycles"]
    major = major_of(version, [key.split(" ", 1)[1] for key in lifecycles if key.split(" ", 1)[0] == engine])
    if major is None:
        return undetermined(f"DescribeDBMajorEngineVersions lists no major version of {engine} {version} in this "
                            "region", engine=engine, version=version)
    support = rds_support(lifecycles[f"{engine} {major}"])
    if support is None:
        return undetermined(f"AWS publishes no support dates for {engine} through the RDS API (commercial engines "
                            "follow their vendor's calendar)", engine=engine, version=version)
    day = snapshot.read_on(db)
    return support_verdict(f"{engine} {major}", support, day, engine=engine, version=version)


_SUPPORT_RATIONALE = ("Past the end of RDS standard support an engine version gets only critical fixes, and only "
                      "under paid RDS Extended Support; keeping the engine current is the customer's side of a "
                      "managed database.")


@check(id="aws.rds.instance_engine_supported", title="RDS instances run an engine version in standard support",
       severity="medium", resource_type=RDS,
       reads=("engine", "engine_version", "cluster", "region.rds_engine_lifecycles", "account.read_at"),
       rationale=_SUPPORT_RATIONALE,
       remediation="Upgrade to a major version in standard support (`aws rds modify-db-instance --engine-version "
                   "V --allow-major-version-upgrade`, or a blue/green deployment).")
def instance_engine_supported(db, snapshot):
    if _cluster_member(db):
        return passed("a cluster member: its engine version is the cluster's (aws.rds.cluster_engine_supported)")
    return _engine_support(db, snapshot)


@check(id="aws.rds.cluster_engine_supported", title="RDS clusters run an engine version in standard support",
       severity="medium", resource_type=CLUSTER,
       reads=("engine", "engine_version", "region.rds_engine_lifecycles", "account.read_at"),
       rationale=_SUPPORT_RATIONALE,
       remediation="Upgrade the cluster to a major version in standard support (`aws rds modify-db-cluster "
                   "--engine-version V --allow-major-version-upgrade`, or a blue/green deployment).")
def cluster_engine_supported(cluster, snapshot):
    return _engine_support(cluster, snapshot)
