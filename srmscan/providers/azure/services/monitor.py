"""Azure Monitor: the subscription's activity log diagnostic settings and alerts, and Application Insights
components."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, SUBSCRIPTION_TYPE, diagnostic_settings, names_config
from srmscan.providers.declare import Read


def activity_log_alerts_config(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Activity log alert rules: scopes, conditions (allOf leaves, anyOf kept), action groups, enabled."""
    return [{"name": a.get("name"), "enabled": (a.get("properties") or {}).get("enabled", True) is not False,
             "scopes": list((a.get("properties") or {}).get("scopes") or []),
             "conditions": list(((a.get("properties") or {}).get("condition") or {}).get("allOf") or []),
             "action_groups": [g.get("actionGroupId") for g in
                               ((a.get("properties") or {}).get("actions") or {}).get("actionGroups") or []]}
            for a in alerts]


# The subscription's own settings (resource `azure.account`): config key -> read
TYPES = ()
SCOPE_READS = {SUBSCRIPTION_TYPE: (
    diagnostic_settings("activity_log_settings", below="/subscriptions/{subscription}"),
    Read("activity_log_alerts", Arm("/subscriptions/{subscription}/providers/Microsoft.Insights/activityLogAlerts"
                                    "?api-version=2020-10-01"), "Microsoft.Insights/ActivityLogAlerts/Read",
         activity_log_alerts_config),
    Read("application_insights", Arm("/subscriptions/{subscription}/providers/Microsoft.Insights/components"
                                     "?api-version=2020-02-02"), "Microsoft.Insights/components/read", names_config),
)}
