"""Google Kubernetes Engine clusters (containers; Google runs the control plane): who reaches and administers
it, how nodes boot and update, how pods talk, what is logged and how secrets are kept."""

from srmscan.analysis.address_space import network, whole_families
from srmscan.check import check, failed, judged, passed, undetermined

CLUSTER = "gcp.gke.cluster"


def _pools(cluster, bad) -> list[str]:
    return [p["name"] for p in cluster.config["node_pools"] if bad(p)]


@check(id="gcp.gke.private_nodes", severity="high", resource_type=CLUSTER, reads=("private_nodes",),
       title="GKE cluster's nodes have no public IP addresses",
       rationale="Nodes with public IPs expose their kubelet and every NodePort to the internet, behind only "
                 "firewall rules.",
       remediation="Create the cluster (or node pools) with private nodes (`--enable-private-nodes`); reach the "
                   "internet through Cloud NAT.")
def private_nodes(cluster, snapshot):
    return judged(cluster.config["private_nodes"], "private nodes", "nodes get public IP addresses")


@check(id="gcp.gke.control_plane_access_restricted", severity="high", resource_type=CLUSTER,
       reads=("private_endpoint", "authorized_networks"),
       title="GKE control plane is private or limited to authorized networks",
       rationale="A public control plane open to every address exposes the Kubernetes API to credential attacks "
                 "and every future API server vulnerability.",
       remediation="Enable control plane authorized networks (`--enable-master-authorized-networks "
                   "--master-authorized-networks CIDR`) or a private endpoint.")
def control_plane_access_restricted(cluster, snapshot):
    if cluster.config["private_endpoint"]:
        return passed("private endpoint only")
    cidrs = cluster.config["authorized_networks"]
    if cidrs is None:
        return failed("public endpoint open to every address (authorized networks off)")
    if whole_families(n for c in cidrs if (n := network(c)) is not None):
        return failed(f"authorized networks admit the whole internet ({', '.join(cidrs)})", authorized_networks=cidrs)
    return passed(f"authorized networks: {', '.join(cidrs) or 'none (public endpoint closed)'}", authorized_networks=cidrs)


@check(id="gcp.gke.legacy_abac_disabled", severity="high", resource_type=CLUSTER, reads=("legacy_abac",),
       title="GKE cluster does not use legacy ABAC",
       rationale="Legacy ABAC grants broad, static permissions outside Kubernetes RBAC and IAM.",
       remediation="`gcloud container clusters update NAME --no-enable-legacy-authorization`.")
def legacy_abac_disabled(cluster, snapshot):
    return judged(not cluster.config["legacy_abac"], "legacy ABAC off", "legacy ABAC on")


@check(id="gcp.gke.static_credentials_disabled", severity="high", resource_type=CLUSTER,
       reads=("basic_auth", "client_certificate"),
       title="GKE cluster issues no basic-auth password or client certificate",
       rationale="Basic auth and the issued client certificate are static admin credentials that cannot be "
                 "revoked without rotating the cluster's CA.",
       remediation="Create clusters without basic auth and with `--no-issue-client-certificate`; use IAM.")
def static_credentials_disabled(cluster, snapshot):
    found = [name for name, on in (("basic auth", cluster.config["basic_auth"]),
                                   ("client certificate", cluster.config["client_certificate"])) if on]
    return judged(not found, "no static credential", f"static credential(s): {', '.join(found)}")


@check(id="gcp.gke.workload_identity", severity="medium", resource_type=CLUSTER, reads=("workload_pool",),
       title="GKE cluster uses Workload Identity Federation for pods",
       rationale="Without it pods use the node's service account and can read the node's metadata credentials.",
       remediation="`gcloud container clusters update NAME --workload-pool=PROJECT.svc.id.goog` and GKE_METADATA "
                   "on the node pools.")
def workload_identity(cluster, snapshot):
    pool = cluster.config["workload_pool"]
    return judged(pool, f"workload pool {pool}", "Workload Identity is off: pods act as the node")


@check(id="gcp.gke.shielded_nodes", severity="medium", resource_type=CLUSTER,
       reads=("shielded_nodes", "autopilot", "node_pools"),
       title="GKE nodes are Shielded GKE Nodes with Secure Boot",
       rationale="Shielded nodes prove their identity to the control plane and Secure Boot refuses unsigned boot "
                 "components: a compromised node cannot impersonate another or persist below the OS.",
       remediation="`--enable-shielded-nodes` on the cluster and `--shielded-secure-boot` on every node pool.")
def shielded_nodes(cluster, snapshot):
    if not cluster.config["shielded_nodes"] and not cluster.config["autopilot"]:
        return failed("Shielded GKE Nodes off")
    unsecured = _pools(cluster, lambda p: not p["secure_boot"])
    return judged(not unsecured, "shielded nodes, Secure Boot on every pool",
                  f"Secure Boot off on pool(s) {', '.join(unsecured)}")


@check(id="gcp.gke.node_cos_images", severity="low", resource_type=CLUSTER, reads=("node_pools",),
       title="GKE node pools run Container-Optimized OS",
       rationale="Container-Optimized OS is a minimal, read-only, automatically patched image; general-purpose "
                 "images carry more packages to patch.",
       remediation="Recreate the node pools with `--image-type=COS_CONTAINERD`.")
def node_cos_images(cluster, snapshot):
    other = [f"{p['name']} ({p['image_type']})" for p in cluster.config["node_pools"]
             if not str(p["image_type"]).startswith("COS")]
    return judged(not other, "Container-Optimized OS on every pool", f"other images: {', '.join(other)}")


@check(id="gcp.gke.node_auto_upgrade", severity="medium", resource_type=CLUSTER, reads=("node_pools",),
       title="GKE node pools upgrade automatically",
       rationale="Node auto-upgrade keeps the nodes' OS and kubelet patched as GKE releases fixes.",
       remediation="`gcloud container node-pools update POOL --enable-autoupgrade`.")
def node_auto_upgrade(cluster, snapshot):
    manual = _pools(cluster, lambda p: not p["auto_upgrade"])
    return judged(not manual, "auto-upgrade on every pool", f"auto-upgrade off on pool(s) {', '.join(manual)}")


@check(id="gcp.gke.release_channel", severity="medium", resource_type=CLUSTER, reads=("release_channel",),
       title="GKE cluster is enrolled in a release channel",
       rationale="A release channel upgrades the control plane within supported versions; without one the cluster "
                 "stays on its version until it is forced off it.",
       remediation="`gcloud container clusters update NAME --release-channel=regular` (or stable / rapid).")
def release_channel(cluster, snapshot):
    channel = cluster.config["release_channel"]
    return judged(channel not in ("UNSPECIFIED", "NONE"), f"release channel {channel}", "no release channel")


@check(id="gcp.gke.network_policy", severity="medium", resource_type=CLUSTER, reads=("network_policy",),
       title="GKE cluster enforces network policies (network policy or Dataplane V2)",
       rationale="Without network policy enforcement every pod can reach every other pod.",
       remediation="Enable Dataplane V2 (`--enable-dataplane-v2`) or network policy enforcement.")
def network_policy(cluster, snapshot):
    return judged(cluster.config["network_policy"], "network policies enforced",
                  "no network policy enforcement: pod-to-pod traffic is unrestricted")


@check(id="gcp.gke.binary_authorization", severity="medium", resource_type=CLUSTER, reads=("binary_authorization",),
       title="GKE cluster enforces Binary Authorization",
       rationale="Binary Authorization admits only images signed by the owner's build pipeline.",
       remediation="`--binauthz-evaluation-mode=PROJECT_SINGLETON_POLICY_ENFORCE` with a project policy.")
def binary_authorization(cluster, snapshot):
    return judged(cluster.config["binary_authorization"], "Binary Authorization enforced", "Binary Authorization off")


@check(id="gcp.gke.logging_monitoring", severity="medium", resource_type=CLUSTER, reads=("logging", "monitoring"),
       title="GKE cluster sends logs and metrics to Cloud Logging and Cloud Monitoring",
       rationale="With logging off there is no audit trail of what ran on the cluster or who changed it.",
       remediation="`gcloud container clusters update NAME --logging=SYSTEM,WORKLOAD --monitoring=SYSTEM`.")
def logging_monitoring(cluster, snapshot):
    off = [name for name, value in (("logging", cluster.config["logging"]), ("monitoring", cluster.config["monitoring"]))
           if value == "none"]
    return judged(not off, "logging and monitoring on", f"{' and '.join(off)} off")


@check(id="gcp.gke.secrets_encryption_cmek", severity="medium", resource_type=CLUSTER, reads=("secrets_key",),
       title="GKE cluster encrypts Kubernetes secrets with a Cloud KMS key",
       rationale="Application-layer secrets encryption keeps secrets in etcd encrypted with a key the owner "
                 "controls and can revoke.",
       remediation="`gcloud container clusters update NAME --database-encryption-key=KEY`.")
def secrets_encryption_cmek(cluster, snapshot):
    key = cluster.config["secrets_key"]
    return judged(key, f"secrets encrypted with {key}", "secrets not encrypted with a Cloud KMS key")


@check(id="gcp.gke.nodes_not_default_service_account", severity="medium", resource_type=CLUSTER,
       reads=("node_pools",), title="GKE node pools do not run as the Compute Engine default service account",
       rationale="The default service account has project Editor by default: every pod that reaches the node's "
                 "credentials can change the project.",
       remediation="Create node pools with a least-privilege service account (`--service-account`).")
def nodes_not_default_service_account(cluster, snapshot):
    default = _pools(cluster, lambda p: p["service_account"] == "default"
                     or str(p["service_account"]).endswith("-compute@developer.gserviceaccount.com"))
    return judged(not default, "node pools use their own service accounts",
                  f"pool(s) {', '.join(default)} run as the default service account")


@check(id="gcp.gke.supported_version", severity="high", resource_type=CLUSTER, reads=("version", "supported_versions"),
       title="GKE cluster runs a Kubernetes minor version GKE still offers in its location",
       rationale="Past its support window a minor version gets no security patches; GKE then upgrades the cluster "
                 "on its own schedule, not the owner's.",
       remediation="Upgrade the control plane and node pools to a supported minor version (`gcloud container clusters "
                   "upgrade`), and enrol the cluster in a release channel.")
def supported_version(cluster, snapshot):
    version, supported = cluster.config["version"], cluster.config["supported_versions"]
    if not version or not supported:
        return undetermined("the cluster's version or the location's supported versions were not read")
    minor = ".".join(str(version).split(".")[:2])
    return judged(minor in supported, f"Kubernetes {version} ({minor} is offered)",
                  f"Kubernetes {version}: {minor} is no longer offered here (offered: {', '.join(supported)})",
                  version=version)
