"""Microsoft Defender for Cloud: the subscription's plans and security contacts."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, SUBSCRIPTION_TYPE
from srmscan.providers.declare import Read


def defender_plans_config(pricings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The subscription's Microsoft Defender for Cloud plans (Pricings_List: every plan, on or not)."""
    plans = []
    for pricing in pricings:
        properties = pricing.get("properties") or {}
        plans.append({"name": pricing.get("name"), "pricing_tier": properties.get("pricingTier"),
                      "sub_plan": properties.get("subPlan"), "deprecated": bool(properties.get("deprecated")),
                      "replaced_by": list(properties.get("replacedBy") or []),
                      "extensions": {str(e.get("name")): str(e.get("isEnabled")).lower() == "true"
                                     for e in properties.get("extensions") or [] if e.get("name")}})
    return plans


def security_contacts_config(contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Defender for Cloud security contacts, in the 2023-12-01-preview shape or the older one."""
    shaped = []
    for contact in contacts:
        properties = contact.get("properties") or {}
        roles = properties.get("notificationsByRole") or {}
        sources = {s.get("sourceType"): s for s in properties.get("notificationsSources") or []}
        legacy = properties.get("alertNotifications") or {}
        alert = sources.get("Alert") or ({"minimalSeverity": legacy.get("minimalSeverity")}
                                         if str(legacy.get("state", "")).lower() == "on" else None)
        shaped.append({"name": contact.get("name"), "enabled": properties.get("isEnabled", True) is not False,
                       "emails": [e.strip() for e in str(properties.get("emails") or properties.get("email") or "")
                                  .replace(",", ";").split(";") if e.strip()],
                       "notify_roles": list(roles.get("roles") or []) if str(roles.get("state", "")).lower() == "on"
                       else [],
                       "alert_min_severity": (alert or {}).get("minimalSeverity") if alert else None,
                       "attack_path_min_risk": (sources.get("AttackPath") or {}).get("minimalRiskLevel")})
    return shaped


# The subscription's own settings (resource `azure.account`): config key -> read
TYPES = ()
SCOPE_READS = {SUBSCRIPTION_TYPE: (
    Read("defender_plans", Arm("/subscriptions/{subscription}/providers/Microsoft.Security/pricings"
                               "?api-version=2024-01-01"), "Microsoft.Security/pricings/read", defender_plans_config),
    Read("security_contacts", Arm("/subscriptions/{subscription}/providers/Microsoft.Security/securityContacts"
                                  "?api-version=2023-12-01-preview"), "Microsoft.Security/securityContacts/read",
         security_contacts_config),
)}
