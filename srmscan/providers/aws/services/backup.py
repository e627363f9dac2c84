"""AWS Backup (regional): backup vaults with their access policy and whether each recovery point is encrypted
(only the unencrypted ones are kept, with the count)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.aws.declare import REGIONAL, Call
from srmscan.providers.declare import Listing, Read, ResourceType


def _vault(vault) -> dict:
    return {"BackupVaultName": vault.name}


def _recovery_points(response: dict) -> dict[str, Any]:
    points = response.get("RecoveryPoints", [])
    return {"count": len(points), "unencrypted": [p.get("RecoveryPointArn") for p in points if not p.get("IsEncrypted")]}


VAULT = ResourceType(
    type="aws.backup.vault",
    service="backup",
    scope=REGIONAL,
    listing=Listing(Call("list_backup_vaults"), "backup:ListBackupVaults", lambda page: page.get("BackupVaultList", [])),
    identity=lambda v, scope: (v["BackupVaultArn"], v["BackupVaultName"]),
    reads=(
        Read("policy", Call("get_backup_vault_access_policy", params=_vault), "backup:GetBackupVaultAccessPolicy",
             lambda r: r.get("Policy"), frozenset({"ResourceNotFoundException"})),
        # read even when the listing's NumberOfRecoveryPoints says 0: that count lags behind new recovery points
        Read("recovery_points", Call("list_recovery_points_by_backup_vault", params=_vault, pages=True),
             "backup:ListRecoveryPointsByBackupVault", _recovery_points),
    ),
)

TYPES = (VAULT,)
SCOPE_READS: dict = {}
