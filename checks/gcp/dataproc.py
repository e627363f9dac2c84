"""Dataproc clusters (IaaS/PaaS): the key their disks are encrypted with, and whether their VMs face the internet."""

from srmscan.check import check, judged

CLUSTER = "gcp.dataproc.cluster"


@check(id="gcp.dataproc.cluster_cmek", severity="medium", resource_type=CLUSTER, reads=("kms_key",),
       title="Dataproc cluster encrypts its disks with a customer-managed key",
       rationale="With a Cloud KMS key the owner controls, rotates and can revoke the key protecting the cluster's "
                 "persistent disks and the data processed on them.",
       remediation="Recreate the cluster with `--gce-pd-kms-key=KEY` (the key is set at creation).")
def cluster_cmek(cluster, snapshot):
    key = cluster.config["kms_key"]
    return judged(key, f"disks encrypted with {key}", "Google-managed encryption only")


@check(id="gcp.dataproc.cluster_internal_ip_only", severity="high", resource_type=CLUSTER,
       reads=("internal_ip_only",), title="Dataproc cluster VMs have internal IP addresses only",
       rationale="External addresses expose the cluster's web UIs and daemons (YARN, HDFS, Jupyter) to the "
                 "internet, a common path to remote code execution on the cluster.",
       remediation="Recreate the cluster with `--no-address` in a subnet with Private Google Access (and Cloud NAT "
                   "for outbound traffic).")
def cluster_internal_ip_only(cluster, snapshot):
    return judged(cluster.config["internal_ip_only"], "internal IP addresses only",
                  "the cluster's VMs have external IP addresses")
