"""Logging and monitoring: log sinks, log buckets, log-based metrics, Cloud Monitoring alert policies, and
whether the Cloud Asset API is enabled (Service Usage)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import PROJECT_TYPE, Google
from srmscan.providers.declare import Read


def sinks_config(sinks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": s.get("name", ""), "destination": s.get("destination", ""), "filter": s.get("filter", ""),
             "disabled": bool(s.get("disabled"))} for s in sinks]


def log_buckets_config(buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": b.get("name", ""), "retention_days": b.get("retentionDays"), "locked": bool(b.get("locked")),
             "state": b.get("lifecycleState")} for b in buckets]


def metrics_config(metrics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": m.get("name", ""), "filter": m.get("filter", ""), "disabled": bool(m.get("disabled")),
             "type": (m.get("metricDescriptor") or {}).get("type") or f"logging.googleapis.com/user/{m.get('name', '')}"}
            for m in metrics]


def alert_policies_config(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def filters(condition: dict[str, Any]) -> list[str]:
        return [body["filter"] for body in condition.values() if isinstance(body, dict) and body.get("filter")]

    return [{"name": p.get("displayName") or p.get("name", ""), "enabled": p.get("enabled", True) is not False,
             "filters": [f for c in p.get("conditions") or [] for f in filters(c)],
             "notification_channels": list(p.get("notificationChannels") or [])} for p in policies]


def service_state(service: dict[str, Any]) -> str | None:
    """A Service Usage service of the project: ENABLED or DISABLED."""
    return service.get("state")


TYPES = ()
SCOPE_READS = {PROJECT_TYPE: (
    Read("log_sinks", Google("logging", "/v2/projects/{project}/sinks", "sinks"), "logging.sinks.list", sinks_config),
    Read("log_buckets", Google("logging", "/v2/projects/{project}/locations/-/buckets", "buckets"),
         "logging.buckets.list", log_buckets_config),
    Read("log_metrics", Google("logging", "/v2/projects/{project}/metrics", "metrics"), "logging.logMetrics.list",
         metrics_config),
    Read("alert_policies", Google("monitoring", "/v3/projects/{project}/alertPolicies", "alertPolicies"),
         "monitoring.alertPolicies.list", alert_policies_config),
    Read("asset_inventory_api", Google("serviceusage", "/v1/projects/{project}/services/cloudasset.googleapis.com"),
         "serviceusage.services.get", service_state),
)}
