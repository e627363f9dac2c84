"""Amazon Inspector (regional): which resource types the account has Inspector scanning in the region
(BatchGetAccountStatus for the scanned account: EC2, ECR, Lambda standard and Lambda code scanning)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.aws.declare import REGION_TYPE, Call
from srmscan.providers.declare import Read

SCANNED = {"ec2": "ec2", "ecr": "ecr", "lambda": "lambda", "lambdaCode": "lambda_code"}
NEVER_ENABLED = "DISABLED"


def _statuses(answer: dict) -> dict[str, Any]:
    """{"ec2": "ENABLED", ...} for the scanned account. An account Inspector has no state for (never enabled) is DISABLED
    for every type; one Inspector could not answer for (failedAccounts) is an unexpected answer (ERROR)."""
    account = answer["scanned_account"]
    failed = [f for f in answer.get("failedAccounts") or [] if f.get("accountId") == account]
    if failed:
        raise ValueError(f"Inspector could not give the account's status: {failed[0].get('errorCode')}")
    state = next((a for a in answer.get("accounts") or [] if a.get("accountId") == account), None)
    if state is None:
        return {ours: NEVER_ENABLED for ours in SCANNED.values()}
    resources = state.get("resourceState") or {}
    return {ours: (resources.get(theirs) or {}).get("status", NEVER_ENABLED) for theirs, ours in SCANNED.items()}


def _with_account(client, params: dict) -> dict[str, Any]:
    return {**client.batch_get_account_status(**params), "scanned_account": params["accountIds"][0]}


TYPES = ()
SCOPE_READS = {REGION_TYPE: (
    Read("inspector", Call("batch_get_account_status", service="inspector2",
                           params=lambda region: {"accountIds": [region.account]}, call=_with_account),
         "inspector2:BatchGetAccountStatus", _statuses),
)}
