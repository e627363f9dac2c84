"""Azure Key Vault (PaaS): the vault's protections (management plane) and the expiry of its keys and secrets
(data-plane listings of their attributes; no secret value is ever read)."""

from srmscan.analysis.azure_endpoints import private_endpoints_in_use, public_endpoint
from srmscan.analysis.validity import twelve_month_verdict
from srmscan.check import check, check_family, failed, passed

VAULT = "azure.keyvault.vault"


@check(id="azure.keyvault.purge_protection", severity="high", resource_type=VAULT,
       reads=("soft_delete", "purge_protection"),
       title="Key Vault keeps deleted keys and secrets and cannot be purged early",
       rationale="Without soft delete and purge protection, a deleted or maliciously purged key destroys every "
                 "piece of data encrypted with it, at once and for good.",
       remediation="`az keyvault update --name VAULT --enable-purge-protection true` (it cannot be turned off again).")
def purge_protection(vault, snapshot):
    if not vault.config["soft_delete"]:
        return failed("soft delete is off: deleted keys and secrets are gone at once")
    if not vault.config["purge_protection"]:
        return failed("purge protection is off: a deleted key or secret can be purged before its retention ends")
    return passed("soft delete and purge protection are on")


@check(id="azure.keyvault.rbac_authorization", severity="medium", resource_type=VAULT, reads=("rbac_authorization",),
       title="Key Vault uses Azure RBAC, not vault access policies",
       rationale="Access policies grant broad per-vault permissions outside Azure RBAC: no deny assignments, no "
                 "Privileged Identity Management, no scoping to a single key or secret.",
       remediation="Move the vault to the Azure RBAC permission model (`az keyvault update --enable-rbac-authorization "
                   "true`) after granting the equivalent Key Vault roles.")
def rbac_authorization(vault, snapshot):
    if vault.config["rbac_authorization"]:
        return passed("permission model: Azure RBAC")
    return failed("permission model: vault access policies")


@check(id="azure.keyvault.network_access_restricted", severity="medium", resource_type=VAULT,
       reads=("public_network_access", "network_default_action", "network_rules"),
       title="Key Vault is not reachable from every network",
       rationale="A vault reachable from any network leaves stolen credentials as the only barrier to its keys "
                 "and secrets.",
       remediation="Disable public network access and use a private endpoint, or set the firewall's default action "
                   "to Deny with only the networks that need the vault allowed.")
def network_access_restricted(vault, snapshot):
    config, rules = vault.config, vault.config["network_rules"]
    if public_endpoint(config["public_network_access"]) is None:
        return passed("public network access is disabled")
    if str(config["network_default_action"]).lower() == "deny":
        allowed = ", ".join(rules["ip_rules"] + rules["virtual_network_rules"]) or "no network"
        return passed(f"firewall denies by default; allowed: {allowed}; bypass: {rules['bypass'] or 'None'}",
                      network_rules=rules)
    return failed("reachable from every network (public network access on, firewall allows by default)",
                  network_rules=rules)


@check(id="azure.keyvault.public_network_access", severity="low", resource_type=VAULT,
       reads=("public_network_access", "network_default_action"),
       title="Key Vault's public network access is disabled",
       rationale="With public access disabled the vault answers on private endpoints only; a firewall on the "
                 "public endpoint is one setting away from being opened.",
       remediation="`az keyvault update --name VAULT --public-network-access Disabled` after creating the private "
                   "endpoints its clients need.")
def public_network_access(vault, snapshot):
    how = public_endpoint(vault.config["public_network_access"])
    if how is None:
        return passed("public network access is disabled")
    firewall = "denies by default" if str(vault.config["network_default_action"]).lower() == "deny" else \
        "allows by default"
    return failed(f"public network access is on (the firewall {firewall})",
                  public_network_access=vault.config["public_network_access"])


@check(id="azure.keyvault.private_endpoint", severity="low", resource_type=VAULT, reads=("private_endpoints",),
       title="Key Vault is reached through an approved private endpoint",
       rationale="A private endpoint keeps the traffic to keys and secrets on the customer's virtual network.",
       remediation="Create a private endpoint for the vault (`az network private-endpoint create ... --group-id "
                   "vault`) in each virtual network that uses it, and approve its connection.")
def private_endpoint(vault, snapshot):
    in_use, message, evidence = private_endpoints_in_use(vault.config["private_endpoints"])
    return (passed if in_use else failed)(message, **evidence)


@check(id="azure.keyvault.diagnostic_logging", severity="medium", resource_type=VAULT, reads=("diagnostic_settings",),
       title="Key Vault sends its audit logs (audit and allLogs) to a destination",
       rationale="Who read which secret or key is only known when the vault's resource logs are kept.",
       remediation="Key vault > Monitoring > Diagnostic settings: add a setting with category groups audit and allLogs "
                   "and a destination.")
def diagnostic_logging(vault, snapshot):
    settings = [s for s in vault.config["diagnostic_settings"] if s["destinations"]]
    for setting in settings:
        groups = {(l["category_group"] or "").lower() for l in setting["logs"] if l["enabled"]}
        categories = {l["category"] for l in setting["logs"] if l["enabled"]}
        if {"audit", "alllogs"} <= groups or "alllogs" in groups or "AuditEvent" in categories:
            return passed(f"{setting['name']} sends the vault's audit logs to {', '.join(setting['destinations'])}")
    if settings:
        return failed("diagnostic settings exist but none sends the audit logs (audit / allLogs / AuditEvent)",
                      settings=[s["name"] for s in settings])
    return failed("no diagnostic setting sends the vault's logs anywhere")


# CIS splits expiry by the vault's permission model: (objects, RBAC vaults?) per check id suffix
EXPIRY = {"keys_expire_rbac": ("keys", True), "keys_expire_access_policies": ("keys", False),
          "secrets_expire_rbac": ("secrets", True), "secrets_expire_access_policies": ("secrets", False)}


def judge_expiry(vault, kind: str, rbac: bool):
    model = "RBAC" if vault.config["rbac_authorization"] else "access policies"
    if bool(vault.config["rbac_authorization"]) != rbac:
        other = f"azure.keyvault.{kind}_expire_{'access_policies' if rbac else 'rbac'}"
        return passed(f"the vault uses {model}: its {kind} are judged by {other}", permission_model=model)
    objects = [o for o in vault.config[kind] if o["enabled"]]
    never = [o["name"] for o in objects if not o["expires"]]
    if never:
        return failed(f"{len(never)} enabled {kind[:-1]}(s) never expire: {', '.join(never)}", never_expire=never,
                      permission_model=model)
    return passed(f"all {len(objects)} enabled {kind} have an expiry date" if objects else f"no enabled {kind}",
                  permission_model=model)


def _declare_expiry(suffix: str, kind: str, rbac: bool):
    model = "Azure RBAC" if rbac else "vault access policies"
    @check(id=f"azure.keyvault.{suffix}", severity="medium", resource_type=VAULT, reads=(kind, "rbac_authorization"),
           title=f"Every enabled {kind[:-1]} of a vault using {model} has an expiration date",
           rationale=f"A {kind[:-1]} without expiry is used forever; rotating {kind} is the customer's key "
                     "management.",
           remediation=f"Set an expiration date on each {kind[:-1]} (`az keyvault {kind[:-1]} set-attributes "
                       "--expires ...`)" + (" and a rotation policy." if kind == "keys" else "."))
    def judge(vault, snapshot):
        return judge_expiry(vault, kind, rbac)

    return judge


EXPIRY_CHECKS = check_family(_declare_expiry, EXPIRY)


@check(id="azure.keyvault.certificate_validity_12_months", severity="medium", resource_type=VAULT,
       reads=("certificates",), title="Key Vault certificates are valid for 12 months or less",
       rationale="A long-lived certificate is a long-lived secret: if its key leaks, it is trusted until it "
                 "expires; short validity forces the renewal path to work.",
       remediation="Set the certificate policy's validity to 12 months or less (Certificate > Issuance Policy > "
                   "Validity Period (in months)) and renew it.")
def certificate_validity_12_months(vault, snapshot):
    enabled = [c for c in vault.config["certificates"] if c["enabled"]]
    return twelve_month_verdict(((c["name"], c["not_before"], c["expires"]) for c in enabled),
                                f"{len(enabled)} enabled certificate(s)")


KEY = "azure.keyvault.key"


@check(id="azure.keyvault.key_automatic_rotation", severity="medium", resource_type=KEY,
       reads=("enabled", "rotation_policy"), title="Key Vault key rotates itself (a rotation policy with a Rotate action)",
       rationale="A key that never rotates protects ever more data with the same material; automatic rotation makes "
                 "a new version on schedule without anyone remembering to.",
       remediation="Key > Rotation policy: set Enable auto rotation with a rotation time (`az keyvault key "
                   "rotation-policy update`).")
def key_automatic_rotation(key, snapshot):
    if not key.config["enabled"]:
        return passed("the key is disabled")
    policy = key.config["rotation_policy"]
    when = policy["rotate_after"] and f"{policy['rotate_after']} after creation" or \
        policy["rotate_before_expiry"] and f"{policy['rotate_before_expiry']} before expiry"
    if when:
        return passed(f"rotates automatically {when}", rotation=when)
    return failed("no automatic rotation: the rotation policy has no Rotate action")
