"""OpenSearch Service (regional): domains with their encryption, network placement, access policy, logging,
fine-grained access control, TLS policy, size, software updates and engine version."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, arn, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _domain(answer: dict) -> dict:
    d = answer["DomainStatus"]
    logs = d.get("LogPublishingOptions") or {}
    return {
        "encrypted_at_rest": bool((d.get("EncryptionAtRestOptions") or {}).get("Enabled")),
        "node_to_node_encryption": bool((d.get("NodeToNodeEncryptionOptions") or {}).get("Enabled")),
        "vpc_id": (d.get("VPCOptions") or {}).get("VPCId"),
        "access_policies": d.get("AccessPolicies") or None,
        "logs": sorted(kind for kind, option in logs.items() if (option or {}).get("Enabled")),
        "fine_grained_access_control": bool((d.get("AdvancedSecurityOptions") or {}).get("Enabled")),
        "tls_policy": (d.get("DomainEndpointOptions") or {}).get("TLSSecurityPolicy"),
        "instance_count": (d.get("ClusterConfig") or {}).get("InstanceCount"),
        "update_available": (d.get("ServiceSoftwareOptions") or {}).get("UpdateAvailable"),
        "engine_version": d.get("EngineVersion"),
    }


DOMAIN = ResourceType(
    type="aws.opensearch.domain",
    service="opensearch",
    scope=REGIONAL,
    listing=Listing(Call("list_domain_names"), "es:ListDomainNames", lambda page: page.get("DomainNames", [])),
    identity=lambda d, scope: (arn(scope, "es", f"domain/{d['DomainName']}"), d["DomainName"]),
    config=fields({"engine": item("EngineType")}),
    reads=(
        Read("domain", Call("describe_domain", params=lambda domain: {"DomainName": domain.name}), "es:DescribeDomain",
             _domain),
    ),
)

TYPES = (DOMAIN,)
SCOPE_READS: dict = {}
