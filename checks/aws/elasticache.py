"""ElastiCache (AWS Foundational Security Best Practices ElastiCache.1, .2, .3, .4, .5, .7) and engine versions
in standard support."""

from srmscan.analysis.engine_lifecycles import ELASTICACHE, ELASTICACHE_SOURCE, table_verdict
from srmscan.check import check, failed, judged, passed

GROUP = "aws.elasticache.replication_group"
CLUSTER = "aws.elasticache.cluster"


@check(id="aws.elasticache.automatic_backups", title="ElastiCache replication groups keep automatic backups",
       severity="high", resource_type=GROUP, reads=("engine", "snapshot_retention_days"),
       rationale="Without automatic backups a lost or corrupted cache-as-database cannot be restored.",
       remediation="Set a snapshot retention limit of 1 day or more.")
def automatic_backups(group, snapshot):
    if str(group.config["engine"]).lower() == "memcached":
        return passed("Memcached has no backups (the control is for Redis OSS and Valkey)")
    days = group.config["snapshot_retention_days"] or 0
    if days >= 1:
        return passed(f"automatic backups kept {days} days", days=days)
    return failed("automatic backups are off")


@check(id="aws.elasticache.auto_minor_upgrade", title="ElastiCache clusters apply minor version upgrades automatically",
       severity="high", resource_type=CLUSTER, reads=("auto_minor_version_upgrade",),
       rationale="Minor versions carry the engine's security fixes.",
       remediation="`aws elasticache modify-cache-cluster --auto-minor-version-upgrade`.")
def auto_minor_upgrade(cluster, snapshot):
    return judged(cluster.config["auto_minor_version_upgrade"], "automatic minor version upgrades are on", "automatic minor version upgrades are off")


@check(id="aws.elasticache.automatic_failover", title="ElastiCache replication groups fail over automatically",
       severity="medium", resource_type=GROUP, reads=("automatic_failover",),
       rationale="Without automatic failover the loss of the primary node stops writes until someone acts.",
       remediation="`aws elasticache modify-replication-group --automatic-failover-enabled`.")
def automatic_failover(group, snapshot):
    state = group.config["automatic_failover"]
    if state in ("enabled", "enabling"):
        return passed(f"automatic failover is {state}")
    return failed(f"automatic failover is {state}", automatic_failover=state)


@check(id="aws.elasticache.encrypted_at_rest", title="ElastiCache replication groups are encrypted at rest",
       severity="medium", resource_type=GROUP, reads=("encrypted_at_rest",),
       rationale="Unencrypted backups and swapped data are readable on the storage.",
       remediation="Create an encrypted replication group from a backup and switch clients to it.")
def encrypted_at_rest(group, snapshot):
    return judged(group.config["encrypted_at_rest"], "encryption at rest is on", "encryption at rest is off")


@check(id="aws.elasticache.encrypted_in_transit", title="ElastiCache replication groups are encrypted in transit",
       severity="medium", resource_type=GROUP, reads=("encrypted_in_transit",),
       rationale="Without TLS, cached data and AUTH tokens cross the network in clear text.",
       remediation="Turn on in-transit encryption (preferred, then required) on the replication group.")
def encrypted_in_transit(group, snapshot):
    return judged(group.config["encrypted_in_transit"], "encryption in transit is on", "encryption in transit is off")


@check(id="aws.elasticache.custom_subnet_group", title="ElastiCache clusters do not use the default subnet group",
       severity="high", resource_type=CLUSTER, reads=("subnet_group",),
       rationale="The default subnet group spans the default VPC's subnets, often public ones.",
       remediation="Create a subnet group of private subnets and move the cluster to it.")
def custom_subnet_group(cluster, snapshot):
    group = cluster.config["subnet_group"]
    if group == "default":
        return failed("the cluster uses the default subnet group")
    return passed(f"subnet group {group}" if group else "not in a VPC subnet group")


@check(id="aws.elasticache.engine_supported", title="ElastiCache clusters run an engine version in standard support",
       severity="medium", resource_type=CLUSTER, reads=("engine", "engine_version", "account.read_at"),
       rationale="Past the end of standard support a Redis OSS version gets only critical and high CVE fixes, and "
                 "only under paid Extended Support; keeping the engine current is the customer's side of the cache.",
       remediation="Upgrade to Valkey or Redis OSS 6 or later (`aws elasticache modify-replication-group --engine "
                   "valkey --engine-version 8.0`).")
def engine_supported(cluster, snapshot):
    day = snapshot.read_on(cluster)
    return table_verdict(ELASTICACHE, ELASTICACHE_SOURCE, str(cluster.config["engine"] or "").lower(),
                         str(cluster.config["engine_version"] or ""), day)
