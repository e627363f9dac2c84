"""Who on the internet can reach an S3 bucket, after Block Public Access and Object Ownership.

- ACL grants to AllUsers or AuthenticatedUsers (any AWS account holder) are public.
- Object Ownership BucketOwnerEnforced disables ACLs: they are not evaluated at all.
- IgnorePublicAcls (bucket or account level) voids public ACL grants; RestrictPublicBuckets (bucket
  or account level) voids public policy grants. BlockPublicAcls and BlockPublicPolicy only refuse
  future changes and leave what is in place as it is.
The account-level settings are read only when they can change the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from srmscan.analysis.aws_policy import READ, WRITE, public_grants

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
PUBLIC_GRANTEES = {ALL_USERS: "AllUsers", AUTHENTICATED_USERS: "AuthenticatedUsers"}
PERMISSION_ACCESS = {
    "READ": (READ,), "READ_ACP": (READ,), "WRITE": (WRITE,), "WRITE_ACP": (WRITE,), "FULL_CONTROL": (READ, WRITE),
}
BPA_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


@dataclass
class Exposure:
    grants: list[dict[str, Any]] = field(default_factory=list)   # effective public grants
    voided: list[dict[str, Any]] = field(default_factory=list)   # public grants neutralised, with why

    @property
    def access(self) -> list[str]:
        return sorted({a for g in self.grants for a in g["access"]})


def public_acl_grants(acl: dict | None) -> list[dict[str, Any]]:
    found = []
    for grant in (acl or {}).get("Grants") or []:
        grantee = grant.get("Grantee") or {}
        group = PUBLIC_GRANTEES.get(grantee.get("URI", ""))
        permission = grant.get("Permission", "")
        if group and permission in PERMISSION_ACCESS:
            found.append({"source": "bucket ACL", "grantee": group, "permission": permission,
                          "access": list(PERMISSION_ACCESS[permission])})
    return found


def block_setting(settings: dict | None, flag: str) -> bool:
    return bool((settings or {}).get(flag, False))


def effective_block(bucket_settings: dict | None, account_settings: Callable[[], dict | None], flag: str) -> str | None:
    """Which level ('bucket' or 'account') turns `flag` on, or None."""
    if block_setting(bucket_settings, flag):
        return "bucket"
    if block_setting(account_settings(), flag):
        return "account"
    return None


def bucket_exposure(config: Any, account_settings: Callable[[], dict | None]) -> Exposure:
    """`config` is the bucket's config view; `account_settings` reads the account-level Block Public Access."""
    exposure = Exposure()
    bucket_block = config["public_access_block"]

    policy_grants = [g.to_evidence() for g in public_grants(config["policy"])]
    if policy_grants:
        level = effective_block(bucket_block, account_settings, "RestrictPublicBuckets")
        _sort(exposure, policy_grants, level and f"RestrictPublicBuckets is on at {level} level")

    if config["ownership_controls"] == "BucketOwnerEnforced":
        return exposure  # ACLs are disabled and not evaluated
    acl_grants = public_acl_grants(config["acl"])
    if acl_grants:
        level = effective_block(bucket_block, account_settings, "IgnorePublicAcls")
        _sort(exposure, acl_grants, level and f"IgnorePublicAcls is on at {level} level")
    return exposure


def _sort(exposure: Exposure, grants: list[dict[str, Any]], voided_by: str | None) -> None:
    if voided_by:
        exposure.voided.extend({**g, "voided_by": voided_by} for g in grants)
    else:
        exposure.grants.extend(grants)
