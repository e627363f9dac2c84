"""Amazon Glacier vaults (regional; the original vault service, closed to new customers since 2025-12-15 but
still holding existing customers' archives) with their access policy (ResourceNotFoundException: none)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call
from srmscan.providers.declare import Listing, Read, ResourceType

OWN_ACCOUNT = "-"   # Glacier's way of naming the caller's account in a request path

VAULT = ResourceType(
    type="aws.glacier.vault",
    service="glacier",
    scope=REGIONAL,
    listing=Listing(Call("list_vaults", params={"accountId": OWN_ACCOUNT}), "glacier:ListVaults",
                    lambda page: page.get("VaultList", [])),
    identity=lambda v, scope: (v["VaultARN"], v["VaultName"]),
    reads=(
        Read("policy", Call("get_vault_access_policy", params=lambda vault: {"accountId": OWN_ACCOUNT,
                                                                            "vaultName": vault.name}),
             "glacier:GetVaultAccessPolicy", lambda r: (r.get("policy") or {}).get("Policy"),
             frozenset({"ResourceNotFoundException"})),
    ),
)

TYPES = (VAULT,)
SCOPE_READS: dict = {}
