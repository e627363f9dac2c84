"""Google Kubernetes Engine: every cluster of the project (locations `-`, one request), with its node pools, as
clusters.list answers them (Cluster in the container v1 reference)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, Read, ResourceType
from srmscan.providers.gcp.declare import Google

CLUSTER_TYPE = "gcp.gke.cluster"


def node_pool_config(pool: dict[str, Any]) -> dict[str, Any]:
    config = pool.get("config") or {}
    shielded = config.get("shieldedInstanceConfig") or {}
    return {"name": pool.get("name"), "image_type": config.get("imageType") or "COS_CONTAINERD",
            "secure_boot": bool(shielded.get("enableSecureBoot")),
            "service_account": config.get("serviceAccount") or "default",
            "metadata_mode": (config.get("workloadMetadataConfig") or {}).get("mode"),
            "auto_upgrade": bool((pool.get("management") or {}).get("autoUpgrade"))}


def cluster_config(cluster: dict[str, Any]) -> dict[str, Any]:
    """A cluster (clusters.list item). Absent blocks are GKE's defaults for them: off."""
    private = cluster.get("privateClusterConfig") or {}
    authorized = cluster.get("masterAuthorizedNetworksConfig") or {}
    auth = cluster.get("masterAuth") or {}
    binary = cluster.get("binaryAuthorization") or {}
    encryption = cluster.get("databaseEncryption") or {}
    return {
        "autopilot": bool((cluster.get("autopilot") or {}).get("enabled")),
        "version": cluster.get("currentMasterVersion"),
        "release_channel": (cluster.get("releaseChannel") or {}).get("channel") or "UNSPECIFIED",
        "private_nodes": bool(private.get("enablePrivateNodes")),
        "private_endpoint": bool(private.get("enablePrivateEndpoint")),
        "authorized_networks": [b.get("cidrBlock") for b in authorized.get("cidrBlocks") or []]
        if authorized.get("enabled") else None,
        "legacy_abac": bool((cluster.get("legacyAbac") or {}).get("enabled")),
        "basic_auth": bool(auth.get("username")),
        "client_certificate": bool((auth.get("clientCertificateConfig") or {}).get("issueClientCertificate")
                                   or auth.get("clientCertificate")),
        "workload_pool": (cluster.get("workloadIdentityConfig") or {}).get("workloadPool"),
        "shielded_nodes": bool((cluster.get("shieldedNodes") or {}).get("enabled")),
        "network_policy": bool((cluster.get("networkPolicy") or {}).get("enabled"))
        or (cluster.get("networkConfig") or {}).get("datapathProvider") == "ADVANCED_DATAPATH",
        "binary_authorization": binary.get("evaluationMode") not in (None, "DISABLED", "EVALUATION_MODE_UNSPECIFIED")
        or bool(binary.get("enabled")),
        "logging": cluster.get("loggingService") or "logging.googleapis.com/kubernetes",
        "monitoring": cluster.get("monitoringService") or "monitoring.googleapis.com/kubernetes",
        "secrets_key": encryption.get("keyName") if encryption.get("state") == "ENCRYPTED" else None,
        "node_pools": [node_pool_config(p) for p in cluster.get("nodePools") or []],
    }


def server_config_config(config: dict[str, Any]) -> list[str]:
    """ServerConfig (projects.locations.getServerConfig): the minor versions GKE still offers in the location,
    on any release channel or none."""
    versions = list(config.get("validMasterVersions") or [])
    versions += [v for channel in config.get("channels") or [] for v in channel.get("validVersions") or []]
    return sorted({".".join(str(v).split(".")[:2]) for v in versions if v})


TYPES = (
    ResourceType(CLUSTER_TYPE, "gke", Listing(Google("container", "/v1/projects/{project}/locations/-/clusters"),
                                              "container.clusters.list", items=lambda answer: answer.get("clusters") or []),
                 cluster_config, region=lambda c: c.get("location") or "global",
                 address=lambda c: f"locations/{c.get('location')}",
                 reads=(Read("supported_versions", Google("container", "/v1/projects/{project}/{name}/serverConfig"),
                             "container.clusters.list", server_config_config),),
                 identity=lambda c, project: (c.get("selfLink") or f"projects/{project}/locations/{c.get('location')}/"
                                                                    f"clusters/{c['name']}", c["name"])),
)
SCOPE_READS: dict = {}   # no read of the project's own
