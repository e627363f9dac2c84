"""RDS (regional): database instances and clusters, read from batched listings, the account's manual
snapshots (instance and cluster) with who may restore each, and the region's engine lifecycles (the end of
standard and Extended Support of each major engine version, as DescribeDBMajorEngineVersions gives them)."""

from srmscan.providers.aws.declare import REGION_TYPE, REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _restorers(attributes: list) -> list[str]:
    """The `restore` attribute of a snapshot: the accounts (or "all") that may copy or restore it."""
    return sorted(str(v) for a in attributes or [] if a.get("AttributeName") == "restore"
                  for v in a.get("AttributeValues") or [])


def _lifecycles(answer: dict) -> dict[str, list[dict]]:
    """"ENGINE MAJOR" -> its support phases [{"name", "end"}] (end: the UTC date); the commercial engines have none."""
    return {f"{v['Engine']} {v['MajorEngineVersion']}": [
        {"name": life["LifecycleSupportName"], "end": life["LifecycleSupportEndDate"].date().isoformat()}
        for life in v.get("SupportedEngineLifecycles") or []]
        for v in answer.get("DBMajorEngineVersions", []) if v.get("Engine") and v.get("MajorEngineVersion")}


INSTANCE = ResourceType(
    type="aws.rds.instance",
    service="rds",
    scope=REGIONAL,
    listing=Listing(Call("describe_db_instances", params={"MaxRecords": 100}), "rds:DescribeDBInstances",
                    lambda page: page.get("DBInstances", [])),
    identity=lambda d, scope: (d["DBInstanceArn"], d["DBInstanceIdentifier"]),
    config=fields({"engine": item("Engine"), "engine_version": item("EngineVersion"),
            "storage_encrypted": item("StorageEncrypted", False),
            "kms_key": item("KmsKeyId"), "publicly_accessible": item("PubliclyAccessible", False),
            "auto_minor_version_upgrade": item("AutoMinorVersionUpgrade", False), "multi_az": item("MultiAZ", False),
            "deletion_protection": item("DeletionProtection", False),
            "backup_retention_days": item("BackupRetentionPeriod", 0),
            "iam_authentication": item("IAMDatabaseAuthenticationEnabled", False),
            "log_exports": lambda d: sorted(d.get("EnabledCloudwatchLogsExports") or []),
            "cluster": item("DBClusterIdentifier"), "master_username": item("MasterUsername"),
            "port": lambda d: (d.get("Endpoint") or {}).get("Port") or d.get("DbInstancePort")}),
)

CLUSTER = ResourceType(
    type="aws.rds.cluster",
    service="rds",
    scope=REGIONAL,
    listing=Listing(Call("describe_db_clusters", params={"MaxRecords": 100}), "rds:DescribeDBClusters",
                    lambda page: page.get("DBClusters", [])),
    identity=lambda c, scope: (c["DBClusterArn"], c["DBClusterIdentifier"]),
    config=fields({"engine": item("Engine"), "engine_version": item("EngineVersion"),
                   "deletion_protection": item("DeletionProtection", False),
                   "iam_authentication": item("IAMDatabaseAuthenticationEnabled", False),
                   "multi_az": item("MultiAZ", False), "storage_encrypted": item("StorageEncrypted", False),
                   "auto_minor_version_upgrade": item("AutoMinorVersionUpgrade", False),
                   "master_username": item("MasterUsername"), "port": item("Port")}),
)

SNAPSHOT = ResourceType(
    type="aws.rds.snapshot",
    service="rds",
    scope=REGIONAL,
    listing=Listing(Call("describe_db_snapshots", params={"SnapshotType": "manual", "MaxRecords": 100}),
                    "rds:DescribeDBSnapshots", lambda page: page.get("DBSnapshots", [])),
    identity=lambda s, scope: (s["DBSnapshotArn"], s["DBSnapshotIdentifier"]),
    config=fields({"encrypted": item("Encrypted", False), "instance": item("DBInstanceIdentifier")}),
    reads=(
        Read("restorers", Call("describe_db_snapshot_attributes", params=lambda snap: {"DBSnapshotIdentifier": snap.name}),
             "rds:DescribeDBSnapshotAttributes",
             lambda r: _restorers(r["DBSnapshotAttributesResult"].get("DBSnapshotAttributes"))),
    ),
)

CLUSTER_SNAPSHOT = ResourceType(
    type="aws.rds.cluster_snapshot",
    service="rds",
    scope=REGIONAL,
    listing=Listing(Call("describe_db_cluster_snapshots", params={"SnapshotType": "manual", "MaxRecords": 100}),
                    "rds:DescribeDBClusterSnapshots", lambda page: page.get("DBClusterSnapshots", [])),
    identity=lambda s, scope: (s["DBClusterSnapshotArn"], s["DBClusterSnapshotIdentifier"]),
    config=fields({"encrypted": item("StorageEncrypted", False), "cluster": item("DBClusterIdentifier")}),
    reads=(
        Read("restorers", Call("describe_db_cluster_snapshot_attributes",
                               params=lambda snap: {"DBClusterSnapshotIdentifier": snap.name}),
             "rds:DescribeDBClusterSnapshotAttributes",
             lambda r: _restorers(r["DBClusterSnapshotAttributesResult"].get("DBClusterSnapshotAttributes"))),
    ),
)

TYPES = (INSTANCE, CLUSTER, SNAPSHOT, CLUSTER_SNAPSHOT)
SCOPE_READS = {REGION_TYPE: (
    Read("rds_engine_lifecycles", Call("describe_db_major_engine_versions", service="rds", pages=True),
         "rds:DescribeDBMajorEngineVersions", _lifecycles),
)}
