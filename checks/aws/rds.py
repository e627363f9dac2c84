"""RDS (CIS AWS 2.2): encryption, automatic minor upgrades, no public access, Multi-AZ."""

from srmscan.check import check, failed, passed

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
