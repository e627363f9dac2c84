"""RDS (regional): database instances, read from one batched listing."""

from srmscan.providers.aws.reads import REGIONAL, Kind, Listing, item

INSTANCE = Kind(
    type="aws.rds.instance",
    service="rds",
    scope=REGIONAL,
    listing=Listing("describe_db_instances", "rds:DescribeDBInstances", lambda page: page.get("DBInstances", []),
                    params={"MaxRecords": 100}),
    identity=lambda d, scope: (d["DBInstanceArn"], d["DBInstanceIdentifier"]),
    fields={"engine": item("Engine"), "storage_encrypted": item("StorageEncrypted", False),
            "kms_key": item("KmsKeyId"), "publicly_accessible": item("PubliclyAccessible", False),
            "auto_minor_version_upgrade": item("AutoMinorVersionUpgrade", False), "multi_az": item("MultiAZ", False)},
)

KINDS = (INSTANCE,)
ACCOUNT_READS = ()
REGION_READS = ()
