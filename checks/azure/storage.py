"""Azure Storage checks (PaaS): what Microsoft leaves to the customer on a storage account."""

from srmscan.analysis.azure_endpoints import private_endpoints_in_use, public_endpoint
from srmscan.analysis.classification_tags import declared_sensitive
from srmscan.check import check, failed, judged, passed

ACCOUNT = "azure.storage.account"
ANONYMOUS_LEVELS = ("Blob", "Container")


def _no_blob_service(account):
    """FileStorage accounts have no Blob service: blob-level protections do not apply to them."""
    if account.config["blob_service"] is None:
        return passed(f"no Blob service on this {account.config.get('kind') or 'storage'} account")
    return None


def _soft_delete(account, key: str, what: str):
    if verdict := _no_blob_service(account):
        return verdict
    days = account.config["blob_service"][key]
    if days:
        return passed(f"deleted {what}s are kept {days} days", days=days)
    return failed(f"{what} soft delete is off")


def _anonymous_allowed(account) -> bool:
    # null (never set) is treated as allowed: accounts created before the secure default still allow it
    return account.config["allow_blob_public_access"] is not False


@check(
    id="azure.storage.container_public_access",
    title="Blob container is not readable anonymously",
    severity="critical",
    resource_type="azure.storage.container",
    rationale="A container's public access level exposes its blobs to anyone on the internet when the storage "
              "account allows anonymous blob access; deciding that is the customer's side of the model.",
    remediation="Set the container's public access level to private, and disallow anonymous blob access on the "
                "account (`az storage account update --allow-blob-public-access false`).",
    reads=("public_access", "storage_account_id", "account.allow_blob_public_access"),
)
def container_public_access(container, snapshot):
    level = container.config["public_access"]
    if level not in ANONYMOUS_LEVELS:
        return passed("container is private", public_access=level)
    account = snapshot.resource(container, container.config["storage_account_id"])
    setting = account.config["allow_blob_public_access"]
    evidence = {"public_access": level, "account_allow_blob_public_access": setting, "storage_account": account.id}
    if not _anonymous_allowed(account):
        return passed(f"public access level {level} is neutralised: the account disallows anonymous access", **evidence)
    scope = "list and read every blob" if level == "Container" else "read any blob by name"
    return failed(f"anyone can {scope} (public access level {level}, account allows anonymous access)", **evidence)


@check(
    id="azure.storage.account_anonymous_access_disabled",
    title="Storage account disallows anonymous blob access",
    severity="high",
    resource_type=ACCOUNT,
    rationale="With anonymous access disallowed on the account, no container can be made public by mistake.",
    remediation="`az storage account update --name NAME --allow-blob-public-access false`.",
    reads=("allow_blob_public_access",),
)
def account_anonymous_access_disabled(account, snapshot):
    setting = account.config["allow_blob_public_access"]
    if setting is False:
        return passed("anonymous blob access is disallowed")
    return failed("anonymous blob access is allowed" + (" (not set: treated as allowed)" if setting is None else ""),
                  allow_blob_public_access=setting)


@check(
    id="azure.storage.secure_transfer_required",
    title="Storage account requires secure transfer (HTTPS)",
    severity="medium",
    resource_type=ACCOUNT,
    rationale="Without secure transfer required, clients may read and write data over plain HTTP.",
    remediation="`az storage account update --name NAME --https-only true`.",
    reads=("https_only",),
)
def secure_transfer_required(account, snapshot):
    if account.config["https_only"] is False:
        return failed("secure transfer is not required: HTTP is accepted")
    return passed("only HTTPS is accepted")


@check(
    id="azure.storage.minimum_tls_12",
    title="Storage account requires TLS 1.2 or newer",
    severity="medium",
    resource_type=ACCOUNT,
    rationale="TLS 1.0 and 1.1 have known weaknesses; the minimum version is the customer's setting.",
    remediation="`az storage account update --name NAME --min-tls-version TLS1_2`.",
    reads=("minimum_tls_version",),
)
def minimum_tls_12(account, snapshot):
    version = account.config["minimum_tls_version"]
    if version in ("TLS1_2", "TLS1_3"):
        return passed(f"minimum TLS version is {version}", minimum_tls_version=version)
    return failed(f"minimum TLS version is {version or 'not set (TLS 1.0)'}", minimum_tls_version=version)


@check(
    id="azure.storage.shared_key_disabled",
    title="Storage account disallows Shared Key authorization",
    severity="medium",
    resource_type=ACCOUNT,
    rationale="Account keys and SAS signed with them grant full access and cannot be tied to an identity; Entra ID "
              "authorization can.",
    remediation="Move clients to Entra ID, then `az storage account update --name NAME --allow-shared-key-access false`.",
    reads=("allow_shared_key_access",),
)
def shared_key_disabled(account, snapshot):
    if account.config["allow_shared_key_access"] is False:
        return passed("Shared Key authorization is disallowed")
    return failed("Shared Key (account key) authorization is allowed",
                  allow_shared_key_access=account.config["allow_shared_key_access"])


@check(
    id="azure.storage.network_access_restricted",
    title="Storage account is not open to every network (public access disabled or default network rule Deny)",
    severity="medium",
    resource_type=ACCOUNT,
    rationale="With public network access enabled and the default network rule Allow, the account's endpoints "
              "accept requests from any network.",
    remediation="Set the default network action to Deny with the networks you need "
                "(`az storage account update --default-action Deny`), or disable public network access and use "
                "private endpoints.",
    reads=("public_network_access", "network_default_action", "network_bypass"),
)
def network_access_restricted(account, snapshot):
    public = account.config["public_network_access"]
    action = account.config["network_default_action"]
    evidence = {"public_network_access": public, "network_default_action": action,
                "network_bypass": account.config.get("network_bypass")}
    if public == "Disabled":
        return passed("public network access is disabled", **evidence)
    if action == "Deny":
        return passed("the default network action is Deny", **evidence)
    return failed("reachable from any network (default network action Allow)", **evidence)


@check(
    id="azure.storage.public_network_access_disabled",
    title="Storage account's public network access is Disabled",
    severity="medium",
    resource_type=ACCOUNT,
    rationale="With public network access disabled the account is reached through private endpoints only; a "
              "firewall on a public endpoint is one setting away from being opened.",
    remediation="`az storage account update --public-network-access Disabled` after creating the private endpoints "
                "the account's clients need.",
    reads=("public_network_access",),
)
def public_network_access_disabled(account, snapshot):
    how = public_endpoint(account.config["public_network_access"])
    if how is None:
        return passed("public network access is Disabled")
    return failed(how, public_network_access=account.config["public_network_access"] or "unset (Enabled)")


@check(
    id="azure.storage.private_endpoint",
    title="Storage account is reached through an approved private endpoint",
    severity="low",
    resource_type=ACCOUNT,
    rationale="A private endpoint keeps the account's traffic on the customer's virtual network instead of the "
              "public endpoint.",
    remediation="Create a private endpoint for the account in each virtual network that uses it "
                "(`az network private-endpoint create ... --group-id blob`) and approve its connection.",
    reads=("private_endpoints",),
)
def private_endpoint(account, snapshot):
    in_use, message, evidence = private_endpoints_in_use(account.config["private_endpoints"])
    return (passed if in_use else failed)(message, **evidence)


@check(
    id="azure.storage.default_to_entra_authorization",
    title="The portal defaults to Microsoft Entra authorization for the storage account",
    severity="low",
    resource_type=ACCOUNT,
    rationale="With Entra authorization as the portal's default, people browsing data are authorized by RBAC "
              "and logged as themselves, not through the account key.",
    remediation="`az storage account update --name ACCOUNT --set defaultToOAuthAuthentication=true`.",
    reads=("default_to_oauth",),
)
def default_to_entra_authorization(account, snapshot):
    if account.config["default_to_oauth"]:
        return passed("the portal defaults to Microsoft Entra authorization")
    return failed("the portal defaults to the account key (defaultToOAuthAuthentication off)")


@check(
    id="azure.storage.trusted_services_bypass",
    title="Trusted Microsoft services may reach the storage account through its firewall",
    severity="low",
    resource_type=ACCOUNT,
    rationale="Azure Backup, Monitor, Event Grid and other trusted services need the AzureServices exception to "
              "reach an account whose network rules deny by default.",
    remediation="`az storage account update --name ACCOUNT --bypass AzureServices` (keep Logging/Metrics if set).",
    reads=("network_bypass",),
)
def trusted_services_bypass(account, snapshot):
    bypass = [b.strip() for b in str(account.config["network_bypass"] or "").split(",") if b.strip()]
    if any(b.lower() == "azureservices" for b in bypass):
        return passed(f"bypass: {', '.join(bypass)}")
    return failed(f"trusted Azure services are not let through (bypass: {', '.join(bypass) or 'None'})")


@check(
    id="azure.storage.key_rotation_reminder",
    title="The storage account has an access key rotation reminder (key expiration policy)",
    severity="low",
    resource_type=ACCOUNT,
    rationale="A key expiration policy makes Azure remind, and Azure Policy report, when the account keys are "
              "older than the period: keys nobody rotates are shared secrets forever.",
    remediation="Access keys > Set rotation reminder (`az storage account update --key-exp-days 90`).",
    reads=("key_expiration_days",),
)
def key_rotation_reminder(account, snapshot):
    days = account.config["key_expiration_days"]
    if days:
        return passed(f"rotation reminder every {days} days", key_expiration_days=days)
    return failed("no key rotation reminder (key expiration policy unset)")


@check(
    id="azure.storage.blob_soft_delete",
    title="Storage account keeps deleted blobs (soft delete)",
    severity="medium",
    resource_type=ACCOUNT,
    rationale="Blob soft delete keeps deleted or overwritten blobs recoverable for a retention period.",
    remediation="`az storage account blob-service-properties update --enable-delete-retention true "
                "--delete-retention-days 7`.",
    reads=("blob_service", "kind"),
)
def blob_soft_delete(account, snapshot):
    return _soft_delete(account, "blob_soft_delete_days", "blob")


@check(
    id="azure.storage.container_soft_delete",
    title="Storage account keeps deleted containers (soft delete)",
    severity="low",
    resource_type=ACCOUNT,
    rationale="Container soft delete makes a deleted container, with all its blobs, recoverable.",
    remediation="`az storage account blob-service-properties update --enable-container-delete-retention true "
                "--container-delete-retention-days 7`.",
    reads=("blob_service", "kind"),
)
def container_soft_delete(account, snapshot):
    return _soft_delete(account, "container_soft_delete_days", "container")


@check(
    id="azure.storage.blob_versioning",
    title="Storage account keeps blob versions",
    severity="medium",
    resource_type=ACCOUNT,
    rationale="Blob versioning keeps earlier versions, so an overwrite or ransomware encryption can be undone.",
    remediation="`az storage account blob-service-properties update --enable-versioning true`.",
    reads=("blob_service", "kind"),
)
def blob_versioning(account, snapshot):
    if verdict := _no_blob_service(account):
        return verdict
    if account.config["blob_service"]["versioning"]:
        return passed("blob versioning is on")
    return failed("blob versioning is off")


@check(
    id="azure.storage.cross_tenant_replication_disabled",
    title="Storage account disallows cross-tenant object replication",
    severity="medium",
    resource_type=ACCOUNT,
    rationale="Cross-tenant replication lets data be copied to accounts in other Entra tenants.",
    remediation="`az storage account update --name NAME --allow-cross-tenant-replication false`.",
    reads=("allow_cross_tenant_replication",),
)
def cross_tenant_replication_disabled(account, snapshot):
    if account.config["allow_cross_tenant_replication"] is False:
        return passed("cross-tenant replication is disallowed")
    return failed("cross-tenant replication is allowed",
                  allow_cross_tenant_replication=account.config["allow_cross_tenant_replication"])


@check(
    id="azure.storage.customer_managed_key",
    title="Storage account encrypts with a customer-managed key",
    severity="low",
    resource_type=ACCOUNT,
    rationale="Azure encrypts all data with Microsoft-managed keys; a Key Vault key you manage lets you control, audit "
              "and revoke access to the data.",
    remediation="Configure encryption with a customer-managed key in Azure Key Vault "
                "(`az storage account update --encryption-key-source Microsoft.Keyvault ...`).",
    reads=("key_source", "key_vault_key"),
)
def customer_managed_key(account, snapshot):
    source = account.config["key_source"]
    if source == "Microsoft.Keyvault":
        return passed("encrypted with a customer-managed Key Vault key", key=account.config.get("key_vault_key"))
    return failed("encrypted with Microsoft-managed keys", key_source=source)


@check(id="azure.storage.file_share_soft_delete", severity="medium", resource_type=ACCOUNT, reads=("file_service",),
       title="Storage account keeps deleted file shares (soft delete)",
       rationale="Without share soft delete, a share deleted by mistake or by an attacker is gone with every file "
                 "in it.",
       remediation="Storage account > Data protection: Enable soft delete for file shares (7 days or more).")
def file_share_soft_delete(account, snapshot):
    service = account.config["file_service"]
    if service is None:
        return passed("no File service (blob-only account)")
    days = service["share_soft_delete_days"]
    return judged(days, f"file share soft delete: {days} days", "file share soft delete is off")


def _smb_only(account, key: str, allowed: str, every: str, what: str):
    """PASS when the File service accepts only `allowed` under `key`; unset means it accepts `every` one."""
    service = account.config["file_service"]
    if service is None:
        return passed("no File service (blob-only account)")
    accepted = service[key]
    if accepted is None:
        return failed(f"{what} not set: {every} are all accepted")
    others = [value for value in accepted if value != allowed]
    return judged(not others, f"{allowed} only", f"weaker {what} accepted: {', '.join(others)}", **{key: accepted})


@check(id="azure.storage.smb_version_311", severity="medium", resource_type=ACCOUNT, reads=("file_service",),
       title="Storage account's file shares accept SMB 3.1.1 only",
       rationale="SMB 2.1 and 3.0 lack SMB 3.1.1's pre-authentication integrity and AES-GCM encryption.",
       remediation="File shares > Security: profile Maximum security, or SMB protocol versions SMB 3.1.1 only.")
def smb_version_311(account, snapshot):
    return _smb_only(account, "smb_versions", "SMB3.1.1", "SMB 2.1, 3.0 and 3.1.1", "SMB versions")


@check(id="azure.storage.smb_channel_encryption_aes256gcm", severity="medium", resource_type=ACCOUNT,
       reads=("file_service",), title="Storage account's file shares encrypt SMB channels with AES-256-GCM only",
       rationale="CIS asks for AES-256-GCM; AES-128-CCM and AES-128-GCM are weaker ciphers a client may choose.",
       remediation="File shares > Security: SMB channel encryption AES-256-GCM only.")
def smb_channel_encryption(account, snapshot):
    return _smb_only(account, "smb_channel_encryption", "AES-256-GCM", "AES-128-CCM, AES-128-GCM and AES-256-GCM",
                     "SMB channel encryption")


@check(id="azure.storage.sensitive_data_not_anonymous", severity="critical", resource_type=ACCOUNT,
       reads=("tags", "allow_blob_public_access", "containers", "container.public_access",
              "container.storage_account_id"),
       title="A storage account tagged as holding sensitive data serves no blob to anonymous callers",
       rationale="Anonymous access on an account its owner classified as confidential is the data breach the "
                 "classification was meant to prevent, not merely a risky setting.",
       remediation="Set every container private and disallow anonymous blob access on the account; share through "
                   "Entra-authorised access or short-lived user delegation SAS instead.")
def sensitive_data_not_anonymous(account, snapshot):
    declared = declared_sensitive(account.config["tags"])
    if declared is None:
        return passed("not tagged as holding sensitive data")
    if account.config["containers"] == 0 or not _anonymous_allowed(account):
        return passed(f"{declared}; no anonymous access (the account disallows it or has no container)")
    public = sorted(c.name for c in snapshot.in_account(account, "azure.storage.container")
                    if c.config["storage_account_id"] == account.id and c.config["public_access"] in ANONYMOUS_LEVELS)
    if public:
        return failed(f"{declared}, and anyone can read container(s) {', '.join(public)}", classification=declared,
                      public_containers=public)
    return passed(f"{declared}; anonymous access is allowed but no container is public", classification=declared)
