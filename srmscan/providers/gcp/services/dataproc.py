"""Dataproc: the project's clusters in every region (Compute Engine's regions.list, then clusters.list per
region: Dataproc has no all-regions listing), with their disk encryption key and whether their VMs have
external IP addresses."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, ResourceType
from srmscan.providers.gcp.declare import Google

CLUSTER_TYPE = "gcp.dataproc.cluster"


def cluster_config(cluster: dict[str, Any]) -> dict[str, Any]:
    """A cluster (clusters.list item, its resolved configuration). `internalIpOnly` is a proto3 boolean: absent
    in the answer means false, so the VMs have external addresses."""
    config = cluster.get("config") or {}
    encryption = config.get("encryptionConfig") or {}
    return {"kms_key": encryption.get("gcePdKmsKeyName") or encryption.get("kmsKey") or None,
            "internal_ip_only": bool((config.get("gceClusterConfig") or {}).get("internalIpOnly"))}


def _region(cluster: dict[str, Any]) -> str:
    return (cluster.get("labels") or {}).get("goog-dataproc-location") or "global"


TYPES = (
    ResourceType(CLUSTER_TYPE, "dataproc",
                 Listing(Google("dataproc", "/v1/projects/{project}/regions/{parent}/clusters", "clusters"),
                         ("compute.regions.list", "dataproc.clusters.list"),
                         parents=(Google("compute", "/compute/v1/projects/{project}/regions", "items",
                                         page_param="maxResults"),)),
                 cluster_config, region=_region, address=lambda c: f"regions/{_region(c)}/clusters/{c['clusterName']}",
                 identity=lambda c, project: (f"projects/{project}/regions/{_region(c)}/clusters/{c['clusterName']}",
                                              c["clusterName"])),
)
SCOPE_READS: dict = {}   # no read of the project's own
