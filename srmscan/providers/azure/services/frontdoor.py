"""Azure Front Door (Standard and Premium profiles), each with its security policies (the WAF attached to its
domains)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, resource_listing
from srmscan.providers.declare import Read

API = "2024-02-01"


def profile_config(profile: dict[str, Any]) -> dict[str, Any]:
    return {"sku": (profile.get("sku") or {}).get("name")}


def security_policies_config(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A profile's security policies (SecurityPolicies_ListByProfile): the WAF policy and the domains of each."""
    shaped = []
    for policy in policies:
        parameters = (policy.get("properties") or {}).get("parameters") or {}
        shaped.append({"name": policy.get("name"), "type": parameters.get("type"),
                       "waf_policy": (parameters.get("wafPolicy") or {}).get("id"),
                       "domains": [d.get("id") for a in parameters.get("associations") or []
                                   for d in a.get("domains") or []]})
    return shaped


def _front_door(profile: dict[str, Any]) -> bool:
    """Front Door Standard and Premium: the same listing returns the classic CDN profiles, which are not judged."""
    return str((profile.get("sku") or {}).get("name") or "").endswith("_AzureFrontDoor")


TYPES = (resource_listing("azure.frontdoor.profile", "frontdoor", "Microsoft.Cdn/profiles", API, profile_config,
                          keep=_front_door,
                          reads=(Read("security_policies", Arm(f"/securityPolicies?api-version={API}"),
                                      "Microsoft.Cdn/profiles/securityPolicies/read", security_policies_config),)),)
SCOPE_READS: dict = {}   # no read of the subscription's own
