"""Cloud DNS: managed zones with their DNSSEC settings, and DNS policies (query logging per network)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import ApiRead, DNS_ZONE_TYPE, GcpListing, last_part


def dns_policies_config(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": p.get("name", ""), "logging": bool(p.get("enableLogging")),
             "networks": [last_part(n.get("networkUrl")) for n in p.get("networks") or []]} for p in policies]


def dns_zone_config(zone: dict[str, Any]) -> dict[str, Any]:
    dnssec = zone.get("dnssecConfig") or {}
    return {"dns_name": zone.get("dnsName"), "visibility": zone.get("visibility", "public"),
            "dnssec_state": dnssec.get("state", "off"),
            "key_specs": [{"key_type": s.get("keyType"), "algorithm": s.get("algorithm")}
                          for s in dnssec.get("defaultKeySpecs") or []]}


PROJECT_READS = {
    "dns_policies": ApiRead("dns", "/dns/v1/projects/{project}/policies", "policies", dns_policies_config,
                            page_param="maxResults", permissions=("dns.policies.list",)),
}

LISTINGS = (
    GcpListing(DNS_ZONE_TYPE, "dns", ApiRead("dns", "/dns/v1/projects/{project}/managedZones", "managedZones",
                                             page_param="maxResults"),
               ("dns.managedZones.list",), dns_zone_config),
)
