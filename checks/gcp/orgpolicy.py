"""Organization Policy constraints as they apply to the project (effective policy: the project's own, or what it
inherits): the guardrails that keep a whole class of misconfiguration from being made at all."""

from srmscan.check import check, check_family, failed, judged, passed

PROJECT = "gcp.account"

# Boolean constraints: check id suffix -> (config key, constraint, what enforcing it prevents)
BOOLEAN = {
    "disable_service_account_key_creation": ("org_policy_disable_sa_key_creation", "iam.disableServiceAccountKeyCreation",
                                             "new service account keys (long-lived secrets) cannot be created"),
    "storage_public_access_prevention": ("org_policy_storage_public_access_prevention", "storage.publicAccessPrevention",
                                         "no bucket can be made public"),
    "storage_uniform_access": ("org_policy_storage_uniform_access", "storage.uniformBucketLevelAccess",
                               "buckets cannot fall back to per-object ACLs"),
    "require_os_login": ("org_policy_require_os_login", "compute.requireOsLogin",
                         "SSH to VMs goes through IAM (OS Login), not metadata keys"),
    "skip_default_network": ("org_policy_skip_default_network", "compute.skipDefaultNetworkCreation",
                             "new projects get no default network with its open firewall rules"),
    "sql_restrict_public_ip": ("org_policy_sql_restrict_public_ip", "sql.restrictPublicIp",
                               "Cloud SQL instances cannot get public IPs"),
}


def _declare(suffix: str, key: str, constraint: str, prevents: str):
    @check(id=f"gcp.orgpolicy.{suffix}", severity="medium", resource_type=PROJECT, reads=(key,),
           title=f"Organization policy {constraint} is enforced on the project",
           rationale=f"Enforced, the constraint means {prevents}, whatever anyone with rights in the project does.",
           remediation=f"Enforce {constraint} on the organisation (or folder): `gcloud org-policies set-policy` with "
                       "`rules: [{enforce: true}]`.")
    def judge(project, snapshot):
        policy = project.config[key]
        if policy["enforced"]:
            return passed(f"{constraint} enforced")
        return failed(f"{constraint} not enforced" + (" (only under a condition)" if policy["conditional"] else ""))

    return judge


BOOLEAN_CHECKS = check_family(_declare, BOOLEAN)


@check(id="gcp.orgpolicy.domain_restricted_sharing", severity="high", resource_type=PROJECT,
       reads=("org_policy_allowed_member_domains",),
       title="Organization policy iam.allowedPolicyMemberDomains restricts IAM members to the organisation's domains",
       rationale="Without domain-restricted sharing anyone with setIamPolicy can grant roles to any Google account, "
                 "public groups and other companies' identities included.",
       remediation="Set iam.allowedPolicyMemberDomains to the organisation's Cloud Identity customer IDs.")
def domain_restricted_sharing(project, snapshot):
    policy = project.config["org_policy_allowed_member_domains"]
    if policy["allow_all"] or not (policy["allowed"] or policy["deny_all"]):
        return failed("IAM members from any domain are allowed")
    return passed(f"IAM members limited to {', '.join(policy['allowed']) or 'none (deny all)'}",
                  allowed=policy["allowed"])


@check(id="gcp.orgpolicy.vm_external_ip_access", severity="medium", resource_type=PROJECT,
       reads=("org_policy_vm_external_ip_access",),
       title="Organization policy compute.vmExternalIpAccess limits which VMs may have external IPs",
       rationale="The constraint keeps VMs off the internet unless named; without it any instance can get a "
                 "public IP.",
       remediation="Set compute.vmExternalIpAccess to deny all (or list the few instances that need one).")
def vm_external_ip_access(project, snapshot):
    policy = project.config["org_policy_vm_external_ip_access"]
    if policy["deny_all"]:
        return passed("no VM may have an external IP")
    return judged(policy["allowed"] and not policy["allow_all"],
                  f"external IPs allowed for {len(policy['allowed'])} named instance(s)",
                  "any VM may have an external IP", allowed=policy["allowed"])
