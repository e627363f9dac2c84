"""Azure Kubernetes Service clusters (containers, the control plane run by Microsoft): identity, API server
reach, network policy, upgrades, Defender, and the Kubernetes versions AKS supports in the cluster's region."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import ArmAtLocation, resource_listing
from srmscan.providers.declare import Read

CLUSTER_TYPE = "azure.aks.cluster"
API = "2024-09-01"


def cluster_config(cluster: dict[str, Any]) -> dict[str, Any]:
    """A managed cluster (ManagedClusters_List item)."""
    properties = cluster.get("properties") or {}
    aad = properties.get("aadProfile") or {}
    api_server = properties.get("apiServerAccessProfile") or {}
    network = properties.get("networkProfile") or {}
    defender = ((properties.get("securityProfile") or {}).get("defender") or {}).get("securityMonitoring") or {}
    return {"kubernetes_version": properties.get("currentKubernetesVersion") or properties.get("kubernetesVersion"),
            "support_plan": properties.get("supportPlan") or "KubernetesOfficial",
            "entra_integration": bool(aad.get("managed")), "azure_rbac": bool(aad.get("enableAzureRBAC")),
            "local_accounts_disabled": bool(properties.get("disableLocalAccounts")),
            "private_cluster": bool(api_server.get("enablePrivateCluster")),
            "authorized_ip_ranges": list(api_server.get("authorizedIPRanges") or []),
            "network_policy": network.get("networkPolicy") or "none",
            "upgrade_channel": (properties.get("autoUpgradeProfile") or {}).get("upgradeChannel") or "none",
            "defender_monitoring": bool(defender.get("enabled"))}


def supported_versions(answer: dict[str, Any]) -> dict[str, list[str]]:
    """ManagedClusters_ListKubernetesVersions (`values`): minor version -> its support plans, previews left out."""
    return {str(v.get("version")): list((v.get("capabilities") or {}).get("supportPlan") or ["KubernetesOfficial"])
            for v in answer.get("values") or [] if v.get("version") and not v.get("isPreview")}


TYPES = (
    resource_listing(CLUSTER_TYPE, "aks", "Microsoft.ContainerService/managedClusters", API, cluster_config,
                     reads=(Read("supported_versions", ArmAtLocation(
                         "/subscriptions/{subscription}/providers/Microsoft.ContainerService/locations/{location}"
                         f"/kubernetesVersions?api-version={API}"),
                         "Microsoft.ContainerService/locations/kubernetesVersions/read", supported_versions),)),
)
SCOPE_READS: dict = {}   # no read of the subscription's own
