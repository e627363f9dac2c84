"""Log Analytics workspaces: how long they keep data, and who may send and query it."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import resource_listing


def workspace_config(workspace: dict[str, Any]) -> dict[str, Any]:
    """A workspace (Workspaces_List item). Absent retention is the service default, 30 days."""
    properties = workspace.get("properties") or {}
    return {"retention_days": properties.get("retentionInDays") or 30,
            "local_auth_disabled": bool((properties.get("features") or {}).get("disableLocalAuth")),
            "public_ingestion": properties.get("publicNetworkAccessForIngestion") or "Enabled",
            "public_query": properties.get("publicNetworkAccessForQuery") or "Enabled"}


TYPES = (resource_listing("azure.loganalytics.workspace", "loganalytics", "Microsoft.OperationalInsights/workspaces",
                          "2023-09-01", workspace_config),)
SCOPE_READS: dict = {}   # no read of the subscription's own
