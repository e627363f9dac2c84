"""Cloud DNS: managed zones with their DNSSEC settings, and DNS policies (query logging per network)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import DNS_ZONE_TYPE, PROJECT_TYPE, Google, last_part
from srmscan.providers.declare import Listing, Read, ResourceType


def dns_policies_config(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": p.get("name", ""), "logging": bool(p.get("enableLogging")),
             "networks": [last_part(n.get("networkUrl")) for n in p.get("networks") or []]} for p in policies]


def dns_zone_config(zone: dict[str, Any]) -> dict[str, Any]:
    dnssec = zone.get("dnssecConfig") or {}
    return {"dns_name": zone.get("dnsName"), "visibility": zone.get("visibility", "public"),
            "dnssec_state": dnssec.get("state", "off"),
            "key_specs": [{"key_type": s.get("keyType"), "algorithm": s.get("algorithm")}
                          for s in dnssec.get("defaultKeySpecs") or []]}


TYPES = (
    ResourceType(DNS_ZONE_TYPE, "dns", Listing(Google("dns", "/dns/v1/projects/{project}/managedZones", "managedZones",
                                                      page_param="maxResults"), "dns.managedZones.list"),
                 dns_zone_config),
)
SCOPE_READS = {PROJECT_TYPE: (
    Read("dns_policies", Google("dns", "/dns/v1/projects/{project}/policies", "policies", page_param="maxResults"),
         "dns.policies.list", dns_policies_config),
)}
