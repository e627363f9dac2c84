"""Redshift (regional): provisioned clusters with their access, encryption, snapshots, upgrades and routing,
each cluster's audit logging and its parameter group's require_ssl."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, arn, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _parameter_group(cluster) -> dict:
    return {"ParameterGroupName": cluster.config["parameter_group"]}


CLUSTER = ResourceType(
    type="aws.redshift.cluster",
    service="redshift",
    scope=REGIONAL,
    listing=Listing(Call("describe_clusters", params={"MaxRecords": 100}), "redshift:DescribeClusters",
                    lambda page: page.get("Clusters", [])),
    identity=lambda c, scope: (arn(scope, "redshift", f"cluster:{c['ClusterIdentifier']}"), c["ClusterIdentifier"]),
    config=fields({"publicly_accessible": item("PubliclyAccessible", False), "encrypted": item("Encrypted", False),
                   "snapshot_retention_days": item("AutomatedSnapshotRetentionPeriod", 0),
                   "allow_version_upgrade": item("AllowVersionUpgrade", True),
                   "enhanced_vpc_routing": item("EnhancedVpcRouting", False), "master_username": item("MasterUsername"),
                   "multi_az": lambda c: str(c.get("MultiAZ") or "Disabled"),
                   "parameter_group": lambda c: ((c.get("ClusterParameterGroups") or [{}])[0]).get("ParameterGroupName")}),
    reads=(
        Read("logging", Call("describe_logging_status", params=lambda cluster: {"ClusterIdentifier": cluster.name}),
             "redshift:DescribeLoggingStatus", lambda r: bool(r.get("LoggingEnabled"))),
        Read("require_ssl", Call("describe_cluster_parameters", params=_parameter_group, pages=True),
             "redshift:DescribeClusterParameters",
             lambda r: next((str(p.get("ParameterValue")).lower() == "true" for p in r.get("Parameters", [])
                             if p.get("ParameterName") == "require_ssl"), False)),
    ),
)

TYPES = (CLUSTER,)
SCOPE_READS: dict = {}
