"""Redshift (AWS Foundational Security Best Practices Redshift.1, .2, .3, .4, .6, .7, .8, .10, .18)."""

from srmscan.check import check, failed, judged, passed

CLUSTER = "aws.redshift.cluster"
MIN_SNAPSHOT_RETENTION_DAYS = 7   # Redshift.3's default


@check(id="aws.redshift.not_public", title="Redshift clusters are not publicly accessible", severity="critical",
       resource_type=CLUSTER, reads=("publicly_accessible",),
       rationale="A publicly accessible cluster gets a public address; only its security groups stand in the way.",
       remediation="`aws redshift modify-cluster --cluster-identifier C --no-publicly-accessible`.")
def not_public(cluster, snapshot):
    if cluster.config["publicly_accessible"]:
        return failed("the cluster is publicly accessible")
    return passed("the cluster is not publicly accessible")


@check(id="aws.redshift.require_ssl", title="Redshift clusters require encrypted connections", severity="medium",
       resource_type=CLUSTER, reads=("require_ssl", "parameter_group"),
       rationale="Without require_ssl clients may send queries and results in clear text.",
       remediation="Set require_ssl to true in a custom parameter group and attach it to the cluster.")
def require_ssl(cluster, snapshot):
    return judged(cluster.config["require_ssl"], f"require_ssl is on in {cluster.config['parameter_group']}",
                  f"require_ssl is off in {cluster.config['parameter_group']}")


@check(id="aws.redshift.automated_snapshots", title=f"Redshift clusters keep automated snapshots for "
       f"{MIN_SNAPSHOT_RETENTION_DAYS} days or more", severity="medium", resource_type=CLUSTER,
       reads=("snapshot_retention_days",),
       rationale="Short or no automated snapshot retention leaves nothing to restore after a mistake or an attack.",
       remediation=f"`aws redshift modify-cluster --automated-snapshot-retention-period {MIN_SNAPSHOT_RETENTION_DAYS}`.")
def automated_snapshots(cluster, snapshot):
    days = cluster.config["snapshot_retention_days"] or 0
    if days >= MIN_SNAPSHOT_RETENTION_DAYS:
        return passed(f"automated snapshots kept {days} days", days=days)
    return failed(f"automated snapshots kept {days} days", days=days)


@check(id="aws.redshift.audit_logging", title="Redshift clusters have audit logging", severity="medium",
       resource_type=CLUSTER, reads=("logging",),
       rationale="Without audit logs there is no record of connections, users and queries.",
       remediation="`aws redshift enable-logging` to S3 or CloudWatch Logs.")
def audit_logging(cluster, snapshot):
    return judged(cluster.config["logging"], "audit logging is on", "audit logging is off")


@check(id="aws.redshift.version_upgrades", title="Redshift clusters accept major version upgrades", severity="medium",
       resource_type=CLUSTER, reads=("allow_version_upgrade",),
       rationale="Clusters that refuse upgrades stay on versions without the latest security fixes.",
       remediation="`aws redshift modify-cluster --allow-version-upgrade`.")
def version_upgrades(cluster, snapshot):
    return judged(cluster.config["allow_version_upgrade"], "version upgrades are allowed", "version upgrades are refused")


@check(id="aws.redshift.enhanced_vpc_routing", title="Redshift clusters use enhanced VPC routing", severity="medium",
       resource_type=CLUSTER, reads=("enhanced_vpc_routing",),
       rationale="Without it, COPY and UNLOAD traffic leaves the VPC, out of reach of its flow logs and endpoints.",
       remediation="`aws redshift modify-cluster --enhanced-vpc-routing`.")
def enhanced_vpc_routing(cluster, snapshot):
    return judged(cluster.config["enhanced_vpc_routing"], "enhanced VPC routing is on", "enhanced VPC routing is off")


@check(id="aws.redshift.custom_admin_username", title="Redshift clusters do not use the default admin user name",
       severity="medium", resource_type=CLUSTER, reads=("master_username",),
       rationale="`awsuser` is the first name every password-guessing attempt tries.",
       remediation="Create the cluster (or a restored copy) with another admin user name.")
def custom_admin_username(cluster, snapshot):
    if cluster.config["master_username"] == "awsuser":
        return failed("the admin user is the default awsuser")
    return passed("the admin user is not the default")


@check(id="aws.redshift.encrypted", title="Redshift clusters are encrypted at rest", severity="medium",
       resource_type=CLUSTER, reads=("encrypted",),
       rationale="An unencrypted cluster leaves its data and snapshots readable on the storage.",
       remediation="`aws redshift modify-cluster --encrypted --kms-key-id KEY`.")
def encrypted(cluster, snapshot):
    return judged(cluster.config["encrypted"], "the cluster is encrypted", "the cluster is not encrypted")


@check(id="aws.redshift.multi_az", title="Redshift clusters have Multi-AZ deployment", severity="medium",
       resource_type=CLUSTER, reads=("multi_az",),
       rationale="A single-zone cluster goes down with its zone.",
       remediation="Turn on Multi-AZ for the (RA3) cluster.")
def multi_az(cluster, snapshot):
    state = cluster.config["multi_az"]
    if state.lower() == "enabled":
        return passed("Multi-AZ is on")
    return failed(f"Multi-AZ is {state.lower()}", multi_az=state)
