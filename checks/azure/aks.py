"""Azure Kubernetes Service (containers): Microsoft runs the control plane; who may reach and administer it,
how pods may talk, and how current the cluster is stay the customer's."""

from srmscan.analysis.azure_paas import whole_internet
from srmscan.check import check, failed, judged, passed, undetermined

CLUSTER = "azure.aks.cluster"


@check(id="azure.aks.entra_rbac", severity="high", resource_type=CLUSTER, reads=("entra_integration", "azure_rbac"),
       title="AKS cluster authenticates with Entra ID and authorizes with Azure RBAC",
       rationale="Without Entra integration, cluster access rests on certificates that cannot be revoked one user "
                 "at a time; Azure RBAC puts Kubernetes permissions under the same reviewed role assignments.",
       remediation="`az aks update --enable-aad --enable-azure-rbac`.")
def entra_rbac(cluster, snapshot):
    config = cluster.config
    if config["entra_integration"] and config["azure_rbac"]:
        return passed("Entra integration with Azure RBAC for Kubernetes authorization")
    if config["entra_integration"]:
        return failed("Entra integration on, but Kubernetes authorization is not Azure RBAC")
    return failed("no Entra integration: access is by cluster certificates")


@check(id="azure.aks.local_accounts_disabled", severity="high", resource_type=CLUSTER,
       reads=("local_accounts_disabled",), title="AKS cluster has its local admin account disabled",
       rationale="The local cluster-admin credential (`az aks get-credentials --admin`) bypasses Entra, "
                 "conditional access and RBAC and cannot be tied to a person.",
       remediation="`az aks update --disable-local-accounts` (needs Entra integration).")
def local_accounts_disabled(cluster, snapshot):
    return judged(cluster.config["local_accounts_disabled"], "local accounts are disabled",
                  "local accounts are enabled: a static cluster-admin credential exists")


@check(id="azure.aks.api_server_restricted", severity="high", resource_type=CLUSTER,
       reads=("private_cluster", "authorized_ip_ranges"),
       title="AKS API server is private or limited to authorized IP ranges",
       rationale="A public API server open to every address exposes the cluster's front door to credential attacks "
                 "and to every future Kubernetes API vulnerability.",
       remediation="Make the cluster private, or set `--api-server-authorized-ip-ranges` to the ranges that "
                   "administer it.")
def api_server_restricted(cluster, snapshot):
    config = cluster.config
    if config["private_cluster"]:
        return passed("private cluster: the API server has no public endpoint")
    ranges = config["authorized_ip_ranges"]
    if ranges and not whole_internet(ranges):
        return passed(f"public API server limited to {', '.join(ranges)}", authorized_ip_ranges=ranges)
    return failed("public API server reachable from every address")


@check(id="azure.aks.network_policy", severity="medium", resource_type=CLUSTER, reads=("network_policy",),
       title="AKS cluster enforces Kubernetes network policies",
       rationale="Without a network policy engine every pod can reach every other pod: one compromised workload "
                 "reaches them all.",
       remediation="Enable a network policy engine (azure, calico or cilium) and write policies per namespace.")
def network_policy(cluster, snapshot):
    engine = cluster.config["network_policy"]
    return judged(engine and engine.lower() != "none", f"network policy engine: {engine}",
                  "no network policy engine: pod-to-pod traffic is unrestricted")


@check(id="azure.aks.automatic_upgrades", severity="medium", resource_type=CLUSTER, reads=("upgrade_channel",),
       title="AKS cluster upgrades itself on a release channel",
       rationale="A cluster with no upgrade channel stays on its Kubernetes version until someone upgrades it, "
                 "usually after it has left support.",
       remediation="`az aks update --auto-upgrade-channel patch` (or stable / rapid / node-image).")
def automatic_upgrades(cluster, snapshot):
    channel = cluster.config["upgrade_channel"]
    return judged(channel.lower() != "none", f"auto-upgrade channel: {channel}", "no auto-upgrade channel",
                  upgrade_channel=channel)


@check(id="azure.aks.defender_profile", severity="medium", resource_type=CLUSTER, reads=("defender_monitoring",),
       title="AKS cluster runs Defender for Containers' sensor",
       rationale="The Defender sensor is what sees runtime threats inside the cluster (crypto miners, container "
                 "escapes); the plan alone covers the control plane and images.",
       remediation="`az aks update --enable-defender` (with Defender for Containers on the subscription).")
def defender_profile(cluster, snapshot):
    return judged(cluster.config["defender_monitoring"], "Defender security monitoring is on",
                  "Defender security monitoring is off")


@check(id="azure.aks.supported_kubernetes_version", severity="high", resource_type=CLUSTER,
       reads=("kubernetes_version", "support_plan", "supported_versions"),
       title="AKS cluster runs a Kubernetes version AKS still supports",
       rationale="Past its support window a Kubernetes minor version gets no security patches on AKS; the cluster "
                 "keeps running, unpatched.",
       remediation="Upgrade the control plane and node pools (`az aks upgrade`) to a supported minor version.")
def supported_kubernetes_version(cluster, snapshot):
    version, plan = cluster.config["kubernetes_version"], cluster.config["support_plan"]
    supported = cluster.config["supported_versions"]
    if not version:
        return undetermined("the cluster's Kubernetes version was not recorded")
    if not supported:
        return undetermined("AKS listed no supported Kubernetes version in the cluster's region")
    minor = ".".join(str(version).split(".")[:2])
    plans = supported.get(minor)
    if plans is None:
        return failed(f"Kubernetes {version} is out of AKS support (supported in this region: "
                      f"{', '.join(sorted(supported, key=lambda v: [int(p) for p in v.split('.')]))})",
                      kubernetes_version=version)
    if plan in plans:
        return passed(f"Kubernetes {version} is supported ({plan})", kubernetes_version=version)
    return failed(f"Kubernetes {version} is supported only under {', '.join(plans)}, the cluster's plan is {plan}",
                  kubernetes_version=version, support_plan=plan)
