"""DynamoDB (regional): tables with their deletion protection, encryption and point-in-time recovery."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, arn, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _table(table) -> dict:
    return {"TableName": table.name}


def _table_settings(answer: dict) -> dict:
    table = answer["Table"]
    return {"deletion_protection": bool(table.get("DeletionProtectionEnabled")),
            "sse": (table.get("SSEDescription") or {}).get("SSEType"),   # absent: an AWS-owned key
            "billing_mode": (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")}


TABLE = ResourceType(
    type="aws.dynamodb.table",
    service="dynamodb",
    scope=REGIONAL,
    listing=Listing(Call("list_tables"), "dynamodb:ListTables",
                    lambda page: [{"TableName": name} for name in page.get("TableNames", [])]),
    identity=lambda t, scope: (arn(scope, "dynamodb", f"table/{t['TableName']}"), t["TableName"]),
    config=fields({"name": item("TableName")}),
    reads=(
        Read("settings", Call("describe_table", params=_table), "dynamodb:DescribeTable", _table_settings),
        Read("point_in_time_recovery", Call("describe_continuous_backups", params=_table),
             "dynamodb:DescribeContinuousBackups",
             lambda r: (r["ContinuousBackupsDescription"].get("PointInTimeRecoveryDescription") or {})
             .get("PointInTimeRecoveryStatus", "DISABLED")),
    ),
)

TYPES = (TABLE,)
SCOPE_READS: dict = {}
