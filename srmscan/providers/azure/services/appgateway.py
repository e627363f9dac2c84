"""Application Gateway: its WAF, TLS policy and HTTP/2, and the Application Gateway WAF policies."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import resource_listing

GATEWAY_TYPE = "azure.appgateway.gateway"
WAF_POLICY_TYPE = "azure.appgateway.waf_policy"
API = "2024-05-01"


def gateway_config(gateway: dict[str, Any]) -> dict[str, Any]:
    """An application gateway (ApplicationGateways_ListAll item). With no sslPolicy the gateway uses the
    predefined policy `defaultPredefinedSslPolicy` names (the default of the API version it was made with)."""
    properties = gateway.get("properties") or {}
    legacy = properties.get("webApplicationFirewallConfiguration") or {}
    ssl = properties.get("sslPolicy") or {}
    return {"sku_tier": (properties.get("sku") or {}).get("tier"),
            "waf_policy": (properties.get("firewallPolicy") or {}).get("id"),
            "legacy_waf": {"enabled": bool(legacy.get("enabled")), "mode": legacy.get("firewallMode"),
                           "request_body_check": bool(legacy.get("requestBodyCheck"))} if legacy else None,
            "ssl_policy": {"type": ssl.get("policyType"), "name": ssl.get("policyName"),
                           "min_protocol": ssl.get("minProtocolVersion")} if ssl else None,
            "default_ssl_policy": properties.get("defaultPredefinedSslPolicy"),
            "http2": bool(properties.get("enableHttp2"))}


def waf_policy_config(policy: dict[str, Any]) -> dict[str, Any]:
    """An Application Gateway WAF policy (WebApplicationFirewallPolicies_ListAll item)."""
    properties = policy.get("properties") or {}
    settings = properties.get("policySettings") or {}
    sets = ((properties.get("managedRules") or {}).get("managedRuleSets")) or []
    return {"state": settings.get("state") or "Disabled", "mode": settings.get("mode") or "Detection",
            "request_body_check": bool(settings.get("requestBodyCheck")),
            "rule_sets": [f"{s.get('ruleSetType')} {s.get('ruleSetVersion')}" for s in sets]}


TYPES = (
    resource_listing(GATEWAY_TYPE, "appgateway", "Microsoft.Network/applicationGateways", API, gateway_config),
    resource_listing(WAF_POLICY_TYPE, "appgateway", "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
                     API, waf_policy_config),
)
SCOPE_READS: dict = {}   # no read of the subscription's own
