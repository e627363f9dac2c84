"""DynamoDB (AWS Foundational Security Best Practices DynamoDB.2, .6): point-in-time recovery and deletion
protection."""

from srmscan.check import check, failed, passed

TABLE = "aws.dynamodb.table"


@check(id="aws.dynamodb.point_in_time_recovery", title="DynamoDB tables have point-in-time recovery",
       severity="medium", resource_type=TABLE, reads=("point_in_time_recovery",),
       rationale="Without point-in-time recovery a bad write or a deleted item cannot be undone.",
       remediation="`aws dynamodb update-continuous-backups --point-in-time-recovery-specification "
                   "PointInTimeRecoveryEnabled=true`.")
def point_in_time_recovery(table, snapshot):
    status = table.config["point_in_time_recovery"]
    if status == "ENABLED":
        return passed("point-in-time recovery is on")
    return failed(f"point-in-time recovery is {str(status).lower()}", status=status)


@check(id="aws.dynamodb.deletion_protection", title="DynamoDB tables have deletion protection on", severity="medium",
       resource_type=TABLE, reads=("settings",),
       rationale="Without deletion protection one API call removes the table and every item in it.",
       remediation="`aws dynamodb update-table --table-name T --deletion-protection-enabled`.")
def deletion_protection(table, snapshot):
    if table.config["settings"]["deletion_protection"]:
        return passed("deletion protection is on")
    return failed("deletion protection is off")
