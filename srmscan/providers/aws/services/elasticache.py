"""ElastiCache (regional): replication groups (encryption, failover, backups) and cache clusters (minor
version upgrades, subnet group, backups)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, ResourceType

REPLICATION_GROUP = ResourceType(
    type="aws.elasticache.replication_group",
    service="elasticache",
    scope=REGIONAL,
    listing=Listing(Call("describe_replication_groups", params={"MaxRecords": 100}), "elasticache:DescribeReplicationGroups",
                    lambda page: page.get("ReplicationGroups", [])),
    identity=lambda g, scope: (g["ARN"], g["ReplicationGroupId"]),
    config=fields({"engine": item("Engine", "redis"), "automatic_failover": item("AutomaticFailover", "disabled"),
                   "encrypted_at_rest": item("AtRestEncryptionEnabled", False),
                   "encrypted_in_transit": item("TransitEncryptionEnabled", False),
                   "snapshot_retention_days": item("SnapshotRetentionLimit", 0)}),
)

CACHE_CLUSTER = ResourceType(
    type="aws.elasticache.cluster",
    service="elasticache",
    scope=REGIONAL,
    listing=Listing(Call("describe_cache_clusters", params={"MaxRecords": 100}), "elasticache:DescribeCacheClusters",
                    lambda page: page.get("CacheClusters", [])),
    identity=lambda c, scope: (c["ARN"], c["CacheClusterId"]),
    config=fields({"engine": item("Engine"), "engine_version": item("EngineVersion"),
                   "auto_minor_version_upgrade": item("AutoMinorVersionUpgrade", False),
                   "subnet_group": item("CacheSubnetGroupName"), "replication_group": item("ReplicationGroupId"),
                   "snapshot_retention_days": item("SnapshotRetentionLimit", 0)}),
)

TYPES = (REPLICATION_GROUP, CACHE_CLUSTER)
SCOPE_READS: dict = {}
