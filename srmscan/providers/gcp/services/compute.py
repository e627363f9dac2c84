"""Compute Engine: the project metadata, networks with their VPC firewall rules, subnetworks, instances and
load balancers' backend services (aggregated lists: every region and zone in one paged read each)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import (BACKEND_SERVICE_TYPE, INSTANCE_TYPE, NETWORK_TYPE, PROJECT_TYPE,
                                           SUBNETWORK_TYPE, Google, last_part)
from srmscan.providers.declare import Join, Listing, Read, ResourceType


# The metadata keys whose values the checks judge. Every other key is kept by name only: metadata holds
# startup scripts and ssh-keys, which often carry credentials, and a snapshot never stores a secret.
JUDGED_METADATA = frozenset({"enable-oslogin", "block-project-ssh-keys", "serial-port-enable"})


def metadata_items(metadata: dict[str, Any] | None) -> dict[str, str | None]:
    """Compute metadata `{items: [{key, value}]}` as a dict: the judged keys' values (strings, as Google stores
    them), None for every other key (its value is not stored)."""
    return {str(item.get("key", "")): str(item.get("value", "")) if item.get("key") in JUDGED_METADATA else None
            for item in (metadata or {}).get("items") or []}


def compute_project_config(project: dict[str, Any]) -> dict[str, str]:
    return metadata_items(project.get("commonInstanceMetadata"))


def firewall_rule(rule: dict[str, Any]) -> dict[str, Any]:
    keep = ("name", "direction", "priority", "disabled", "sourceRanges", "sourceTags", "sourceServiceAccounts",
            "targetTags", "targetServiceAccounts", "allowed", "denied")
    return {k: rule[k] for k in keep if k in rule}


def network_config(network: dict[str, Any]) -> dict[str, Any]:
    return {"mode": "legacy" if network.get("IPv4Range") else
                    "auto" if network.get("autoCreateSubnetworks") else "custom",
            "subnetworks": len(network.get("subnetworks") or [])}


def subnetwork_config(subnet: dict[str, Any]) -> dict[str, Any]:
    log = subnet.get("logConfig") or {}
    return {"network": last_part(subnet.get("network")), "purpose": subnet.get("purpose") or "PRIVATE",
            "ip_cidr_range": subnet.get("ipCidrRange"),
            "flow_logs": bool(log.get("enable", subnet.get("enableFlowLogs"))),
            "flow_log_config": {"aggregation_interval": log.get("aggregationInterval", "INTERVAL_5_SEC"),
                                "flow_sampling": log.get("flowSampling", 0.5),
                                "metadata": log.get("metadata", "INCLUDE_ALL_METADATA"),
                                "filter": log.get("filterExpr") or None},
            "private_google_access": bool(subnet.get("privateIpGoogleAccess"))}


def instance_config(instance: dict[str, Any]) -> dict[str, Any]:
    shielded = instance.get("shieldedInstanceConfig") or {}
    return {
        "status": instance.get("status"),
        "labels": dict(instance.get("labels") or {}),
        "service_accounts": [{"email": a.get("email", ""), "scopes": list(a.get("scopes") or [])}
                             for a in instance.get("serviceAccounts") or []],
        "metadata": metadata_items(instance.get("metadata")),
        "can_ip_forward": bool(instance.get("canIpForward")),
        "public_ips": [c.get("natIP") or c.get("externalIpv6") or c.get("name") or "ephemeral"
                       for nic in instance.get("networkInterfaces") or []
                       for c in (nic.get("accessConfigs") or []) + (nic.get("ipv6AccessConfigs") or [])],
        "shielded_vm": {"secure_boot": bool(shielded.get("enableSecureBoot")), "vtpm": bool(shielded.get("enableVtpm")),
                        "integrity_monitoring": bool(shielded.get("enableIntegrityMonitoring"))},
        "confidential_computing": bool((instance.get("confidentialInstanceConfig") or {}).get("enableConfidentialCompute")),
        "disks_csek": [bool((d.get("diskEncryptionKey") or {}).get("sha256")) for d in instance.get("disks") or []],
    }


def backend_service_config(service: dict[str, Any]) -> dict[str, Any]:
    """A backend service (global or regional): which load balancer kind it serves, and its request logging."""
    log = service.get("logConfig") or {}
    return {"scheme": service.get("loadBalancingScheme"), "protocol": service.get("protocol"),
            "logging": bool(log.get("enable")), "sample_rate": log.get("sampleRate")}


FIREWALLS = Read("firewall_rules", Google("compute", "/compute/v1/projects/{project}/global/firewalls", "items",
                                          page_param="maxResults"), "compute.firewalls.list")


def _aggregated(kind: str) -> Google:
    return Google("compute", f"/compute/v1/projects/{{project}}/aggregated/{kind}", f"aggregated:{kind}",
                  page_param="maxResults")


TYPES = (
    ResourceType(NETWORK_TYPE, "compute",
                 Listing(Google("compute", "/compute/v1/projects/{project}/global/networks", "items",
                                page_param="maxResults"), "compute.networks.list"), network_config,
                 joins=(Join("firewall_rules", FIREWALLS,
                             lambda rule, net: last_part(rule.get("network")) == net.get("name"),
                             lambda rules: [firewall_rule(r) for r in rules]),)),
    ResourceType(SUBNETWORK_TYPE, "compute", Listing(_aggregated("subnetworks"), "compute.subnetworks.list"),
                 subnetwork_config, region=lambda s: last_part(s.get("region")) or "global"),
    ResourceType(INSTANCE_TYPE, "compute", Listing(_aggregated("instances"), "compute.instances.list"),
                 instance_config, region=lambda i: last_part(i.get("zone")) or "global"),
    ResourceType(BACKEND_SERVICE_TYPE, "compute",
                 Listing(_aggregated("backendServices"), "compute.backendServices.list"),
                 backend_service_config, region=lambda b: last_part(b.get("region")) or "global"),
)
SCOPE_READS = {PROJECT_TYPE: (
    Read("compute_metadata", Google("compute", "/compute/v1/projects/{project}"), "compute.projects.get",
         compute_project_config),
)}
