"""Organization Policy (v2): the effective policy of the constraints the CIS benchmark and Google's secure-by-default
baseline lean on, as it applies to the project (getEffectivePolicy merges what the project inherits)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Read
from srmscan.providers.gcp.declare import PROJECT_TYPE, Google

# constraint -> config key on the project
CONSTRAINTS = {
    "iam.allowedPolicyMemberDomains": "org_policy_allowed_member_domains",
    "iam.disableServiceAccountKeyCreation": "org_policy_disable_sa_key_creation",
    "storage.publicAccessPrevention": "org_policy_storage_public_access_prevention",
    "storage.uniformBucketLevelAccess": "org_policy_storage_uniform_access",
    "compute.requireOsLogin": "org_policy_require_os_login",
    "compute.vmExternalIpAccess": "org_policy_vm_external_ip_access",
    "compute.skipDefaultNetworkCreation": "org_policy_skip_default_network",
    "sql.restrictPublicIp": "org_policy_sql_restrict_public_ip",
}


def effective_policy_config(policy: dict[str, Any]) -> dict[str, Any]:
    """An effective policy (getEffectivePolicy): whether a boolean constraint is enforced without condition, and a
    list constraint's unconditional allowed / denied values (allowAll / denyAll as such)."""
    rules = (policy.get("spec") or {}).get("rules") or []
    plain = [r for r in rules if not r.get("condition")]
    values = [r.get("values") or {} for r in plain]
    return {"enforced": any(r.get("enforce") is True for r in plain),
            "conditional": any(r.get("condition") for r in rules),
            "allow_all": any(r.get("allowAll") for r in plain), "deny_all": any(r.get("denyAll") for r in plain),
            "allowed": sorted({v for value in values for v in value.get("allowedValues") or []}),
            "denied": sorted({v for value in values for v in value.get("deniedValues") or []})}


SCOPE_READS = {PROJECT_TYPE: tuple(
    Read(key, Google("orgpolicy", f"/v2/projects/{{project}}/policies/{constraint}:getEffectivePolicy"),
         "orgpolicy.policy.get", effective_policy_config) for constraint, key in CONSTRAINTS.items())}
TYPES = ()
