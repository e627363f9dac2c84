"""Azure Monitor: the subscription's activity log diagnostic settings and alerts, and Application Insights
components."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import (ArmRead, DIAGNOSTIC_SETTINGS, diagnostic_settings_config, GraphRead,
                                             names_config)


def activity_log_alerts_config(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Activity log alert rules: scopes, conditions (allOf leaves, anyOf kept), action groups, enabled."""
    return [{"name": a.get("name"), "enabled": (a.get("properties") or {}).get("enabled", True) is not False,
             "scopes": list((a.get("properties") or {}).get("scopes") or []),
             "conditions": list(((a.get("properties") or {}).get("condition") or {}).get("allOf") or []),
             "action_groups": [g.get("actionGroupId") for g in
                               ((a.get("properties") or {}).get("actions") or {}).get("actionGroups") or []]}
            for a in alerts]


# The subscription's own settings (resource `azure.account`): config key -> read
SUBSCRIPTION_READS = {
    "activity_log_settings": ArmRead("/subscriptions/{subscription}" + DIAGNOSTIC_SETTINGS.path,
                                     DIAGNOSTIC_SETTINGS.permission, diagnostic_settings_config),
    "activity_log_alerts": ArmRead("/subscriptions/{subscription}/providers/Microsoft.Insights/activityLogAlerts"
                                   "?api-version=2020-10-01", "Microsoft.Insights/ActivityLogAlerts/Read",
                                   activity_log_alerts_config),
    "application_insights": ArmRead("/subscriptions/{subscription}/providers/Microsoft.Insights/components"
                                    "?api-version=2020-02-02", "Microsoft.Insights/components/read", names_config),
}
GRAPH_READS: dict[str, GraphRead] = {}   # no Microsoft Graph read

LISTINGS = (
)
