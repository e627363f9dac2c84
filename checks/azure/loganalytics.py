"""Log Analytics workspaces (PaaS): how long the logs investigations need are kept."""

from srmscan.check import check, judged

WORKSPACE = "azure.loganalytics.workspace"
RETENTION_DAYS = 90


@check(id="azure.loganalytics.retention_90_days", severity="medium", resource_type=WORKSPACE,
       reads=("retention_days",), title=f"Log Analytics workspace keeps data at least {RETENTION_DAYS} days",
       rationale="Intrusions are found weeks after they start; with the default 30 days the logs that show how "
                 "they began are gone.",
       remediation=f"Set the workspace's retention to {RETENTION_DAYS} days or more (or archive tables longer).")
def retention_90_days(workspace, snapshot):
    days = workspace.config["retention_days"]
    return judged(days >= RETENTION_DAYS, f"retention {days} days", f"retention {days} days", retention_days=days)
