"""RDS (regional): database instances, read from one batched listing."""

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, ResourceType

INSTANCE = ResourceType(
    type="aws.rds.instance",
    service="rds",
    scope=REGIONAL,
    listing=Listing(Call("describe_db_instances", params={"MaxRecords": 100}), "rds:DescribeDBInstances",
                    lambda page: page.get("DBInstances", [])),
    identity=lambda d, scope: (d["DBInstanceArn"], d["DBInstanceIdentifier"]),
    config=fields({"engine": item("Engine"), "storage_encrypted": item("StorageEncrypted", False),
            "kms_key": item("KmsKeyId"), "publicly_accessible": item("PubliclyAccessible", False),
            "auto_minor_version_upgrade": item("AutoMinorVersionUpgrade", False), "multi_az": item("MultiAZ", False),
            "deletion_protection": item("DeletionProtection", False),
            "backup_retention_days": item("BackupRetentionPeriod", 0),
            "iam_authentication": item("IAMDatabaseAuthenticationEnabled", False),
            "log_exports": lambda d: sorted(d.get("EnabledCloudwatchLogsExports") or []),
            "cluster": item("DBClusterIdentifier")}),
)

TYPES = (INSTANCE,)
SCOPE_READS = {}
