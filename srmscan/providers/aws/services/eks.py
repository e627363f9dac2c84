"""EKS (regional): clusters with their endpoint access, Kubernetes version, secrets encryption and
control-plane logging."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, arn, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _cluster_settings(answer: dict) -> dict:
    cluster = answer["cluster"]
    vpc = cluster.get("resourcesVpcConfig") or {}
    return {
        "version": cluster.get("version"),
        "endpoint_public": bool(vpc.get("endpointPublicAccess", True)),
        "endpoint_private": bool(vpc.get("endpointPrivateAccess")),
        "public_cidrs": list(vpc.get("publicAccessCidrs") or ["0.0.0.0/0"]),
        "encrypted_resources": sorted({r for c in cluster.get("encryptionConfig") or [] for r in c.get("resources") or []}),
        "log_types": sorted({t for entry in (cluster.get("logging") or {}).get("clusterLogging") or []
                             if entry.get("enabled") for t in entry.get("types") or []}),
    }


CLUSTER = ResourceType(
    type="aws.eks.cluster",
    service="eks",
    scope=REGIONAL,
    listing=Listing(Call("list_clusters"), "eks:ListClusters",
                    lambda page: [{"name": name} for name in page.get("clusters", [])]),
    identity=lambda c, scope: (arn(scope, "eks", f"cluster/{c['name']}"), c["name"]),
    config=fields({"name": item("name")}),
    reads=(
        Read("settings", Call("describe_cluster", params=lambda cluster: {"name": cluster.name}), "eks:DescribeCluster",
             _cluster_settings),
    ),
)

TYPES = (CLUSTER,)
SCOPE_READS: dict = {}
