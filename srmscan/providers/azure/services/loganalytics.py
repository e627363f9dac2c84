"""Log Analytics workspaces: how long they keep data."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import resource_listing


def workspace_config(workspace: dict[str, Any]) -> dict[str, Any]:
    """A workspace (Workspaces_List item). Absent retention is the service default, 30 days."""
    return {"retention_days": (workspace.get("properties") or {}).get("retentionInDays") or 30}


TYPES = (resource_listing("azure.loganalytics.workspace", "loganalytics", "Microsoft.OperationalInsights/workspaces",
                          "2023-09-01", workspace_config),)
SCOPE_READS: dict = {}   # no read of the subscription's own
