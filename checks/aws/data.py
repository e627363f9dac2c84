"""Data store and key checks: RDS instances and EFS file systems (CIS AWS Foundations section 2), KMS key
policies."""

from srmscan.analysis.aws_policy import KMS_LIMITING_KEYS, PolicyError, public_statements
from srmscan.check import check, failed, passed, undetermined

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


@check(id="aws.efs.file_system_encrypted", title="EFS file systems are encrypted at rest", severity="medium",
       resource_type="aws.efs.file_system", reads=("encrypted", "kms_key"),
       rationale="An unencrypted file system leaves its data and backups readable to whoever gets the storage.",
       remediation="Create an encrypted file system and copy the data to it (encryption cannot be turned on later).")
def efs_encrypted(fs, snapshot):
    if fs.config["encrypted"]:
        return passed(f"encrypted with {fs.config['kms_key'] or 'the AWS-managed key'}", kms_key=fs.config["kms_key"])
    return failed("the file system is not encrypted")


@check(id="aws.kms.key_not_public", title="KMS key policies do not grant access to everyone", severity="critical",
       resource_type="aws.kms.key", reads=("metadata", "policy"),
       rationale="A key policy with a public principal and no limiting condition lets any AWS account use or "
                 "manage the key, and so the data it protects.",
       remediation="Replace Principal \"*\" with the account or roles that need the key, or add a condition such as "
                   "kms:CallerAccount or aws:PrincipalOrgID.")
def kms_key_not_public(key, snapshot):
    if key.config["metadata"].get("KeyManager") != "CUSTOMER":
        return passed("AWS-managed key: its policy is AWS's")
    try:
        public = public_statements(key.config["policy"], KMS_LIMITING_KEYS)
    except PolicyError as exc:
        return undetermined(f"cannot judge the key policy: {exc}")
    if public:
        return failed(f"statement {', '.join(public)} grants the key to everyone", statements=public)
    return passed("no statement grants the key to everyone")
