"""What srmscan reads from Google Cloud besides Cloud Storage, declared as data: the project's own settings
(`gcp.account`: IAM policy with audit configs, log sinks, log-based metrics, alert policies, Compute project
metadata) and the resource listings (networks with their firewall rules, subnetworks, instances, service
accounts with their keys, Cloud SQL instances, KMS keys with their IAM policies, Cloud DNS zones).

Every read is a GET of a Google REST API (or Resource Manager's getIamPolicy, a POST that reads), walked
by srmscan.providers.gcp.foundations; each answer is reduced here to the settings the checks judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from srmscan.providers.gcp.target import SERVICES

PROJECT_TYPE = "gcp.account"
NETWORK_TYPE = "gcp.compute.network"
SUBNETWORK_TYPE = "gcp.compute.subnetwork"
INSTANCE_TYPE = "gcp.compute.instance"
SERVICE_ACCOUNT_TYPE = "gcp.iam.service_account"
SQL_INSTANCE_TYPE = "gcp.sql.instance"
KMS_KEY_TYPE = "gcp.kms.crypto_key"
API_KEY_TYPE = "gcp.apikeys.key"
DNS_ZONE_TYPE = "gcp.dns.managed_zone"
BACKEND_SERVICE_TYPE = "gcp.compute.backend_service"
DATASET_TYPE = "gcp.bigquery.dataset"
PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
READ_AT = "read_at"   # on the project: when it was read (the reference clock for key ages and rotations)
INHERITED = "inherited"   # on the project: audit configs and child-including sinks of its folders and organisation

# Google's endpoints; --api-endpoint sends every one of them to one base URL (a proxy, a test server).
API_BASES = {
    "compute": "https://compute.googleapis.com",
    "iam": "https://iam.googleapis.com",
    "resourcemanager": "https://cloudresourcemanager.googleapis.com",
    "logging": "https://logging.googleapis.com",
    "monitoring": "https://monitoring.googleapis.com",
    "sqladmin": "https://sqladmin.googleapis.com",
    "cloudkms": "https://cloudkms.googleapis.com",
    "dns": "https://dns.googleapis.com",
    "apikeys": "https://apikeys.googleapis.com",
    "serviceusage": "https://serviceusage.googleapis.com",
    "bigquery": "https://bigquery.googleapis.com",
}


@dataclass(frozen=True)
class ApiRead:
    """One read: a GET of `path` (`{project}`, `{name}` of the item, `{parent}` filled in), every page of
    the list `items` when it is a listing, or Resource Manager's getIamPolicy when `iam_post`."""

    api: str
    path: str
    items: str | None = None
    shape: Callable[[Any], Any] = lambda answer: answer
    page_param: str | None = "pageSize"
    params: dict[str, Any] = field(default_factory=dict)
    iam_post: bool = False


@dataclass(frozen=True)
class Join:
    """A project-wide listing whose items are given to each listed item they belong to (a network's firewall
    rules): read once per project, kept on every item for which `belongs(joined, item)`."""

    read: ApiRead
    belongs: Callable[[dict[str, Any], dict[str, Any]], bool]
    shape: Callable[[list[dict[str, Any]]], Any]


@dataclass(frozen=True)
class GcpListing:
    """A resource type listed per project, each item one resource; `parents` are listings walked first
    (each parent's `name` fills `{parent}` of the next), `item_reads` one more read per item."""

    type: str
    service: str
    read: ApiRead
    permissions: tuple[str, ...]
    keys: tuple[str, ...]
    config: Callable[[dict[str, Any]], dict[str, Any]]
    region: Callable[[dict[str, Any]], str] = lambda item: "global"
    parents: tuple[ApiRead, ...] = ()
    joins: dict[str, Join] = field(default_factory=dict)
    item_reads: dict[str, ApiRead] = field(default_factory=dict)
    name_of: Callable[[dict[str, Any]], str] = lambda item: item["name"]   # the item's resource name (fills {name})

    @property
    def name(self) -> str:
        return self.read.path.rsplit("/", 1)[-1]


def _last(url: str | None) -> str:
    return (url or "").rstrip("/").rsplit("/", 1)[-1]


# The metadata keys whose values the checks judge. Every other key is kept by name only: metadata holds
# startup scripts and ssh-keys, which often carry credentials, and a snapshot never stores a secret.
JUDGED_METADATA = frozenset({"enable-oslogin", "block-project-ssh-keys", "serial-port-enable"})


def metadata_items(metadata: dict[str, Any] | None) -> dict[str, str | None]:
    """Compute metadata `{items: [{key, value}]}` as a dict: the judged keys' values (strings, as Google stores
    them), None for every other key (its value is not stored)."""
    return {str(item.get("key", "")): str(item.get("value", "")) if item.get("key") in JUDGED_METADATA else None
            for item in (metadata or {}).get("items") or []}


def iam_policy_config(policy: dict[str, Any]) -> dict[str, Any]:
    """A project IAM policy (version 3): bindings with their conditions, and the Data Access audit configs."""
    return {
        "version": policy.get("version", 1),
        "bindings": [{"role": b.get("role", ""), "members": sorted(b.get("members") or []),
                      **({"condition": b["condition"]} if b.get("condition") else {})}
                     for b in policy.get("bindings") or []],
        "audit_configs": [{"service": a.get("service", ""),
                           "log_configs": [{"log_type": c.get("logType", ""),
                                            "exempted_members": sorted(c.get("exemptedMembers") or [])}
                                           for c in a.get("auditLogConfigs") or []]}
                          for a in policy.get("auditConfigs") or []],
    }


def sinks_config(sinks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": s.get("name", ""), "destination": s.get("destination", ""), "filter": s.get("filter", ""),
             "disabled": bool(s.get("disabled"))} for s in sinks]


def log_buckets_config(buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": b.get("name", ""), "retention_days": b.get("retentionDays"), "locked": bool(b.get("locked")),
             "state": b.get("lifecycleState")} for b in buckets]


def metrics_config(metrics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": m.get("name", ""), "filter": m.get("filter", ""), "disabled": bool(m.get("disabled")),
             "type": (m.get("metricDescriptor") or {}).get("type") or f"logging.googleapis.com/user/{m.get('name', '')}"}
            for m in metrics]


def alert_policies_config(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def filters(condition: dict[str, Any]) -> list[str]:
        return [body["filter"] for body in condition.values() if isinstance(body, dict) and body.get("filter")]

    return [{"name": p.get("displayName") or p.get("name", ""), "enabled": p.get("enabled", True) is not False,
             "filters": [f for c in p.get("conditions") or [] for f in filters(c)],
             "notification_channels": list(p.get("notificationChannels") or [])} for p in policies]


def dns_policies_config(policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": p.get("name", ""), "logging": bool(p.get("enableLogging")),
             "networks": [_last(n.get("networkUrl")) for n in p.get("networks") or []]} for p in policies]


def compute_project_config(project: dict[str, Any]) -> dict[str, str]:
    return metadata_items(project.get("commonInstanceMetadata"))


def service_state(service: dict[str, Any]) -> str | None:
    """A Service Usage service of the project: ENABLED or DISABLED."""
    return service.get("state")


# The project resource: config key -> (service that turns it on, read)
PROJECT_READS: dict[str, tuple[str, ApiRead]] = {
    "iam_policy": ("iam", ApiRead("resourcemanager", "/v1/projects/{project}:getIamPolicy", shape=iam_policy_config,
                                  iam_post=True)),
    "log_sinks": ("logging", ApiRead("logging", "/v2/projects/{project}/sinks", "sinks", sinks_config)),
    "log_buckets": ("logging", ApiRead("logging", "/v2/projects/{project}/locations/-/buckets", "buckets",
                                       log_buckets_config)),
    "log_metrics": ("logging", ApiRead("logging", "/v2/projects/{project}/metrics", "metrics", metrics_config)),
    "alert_policies": ("logging", ApiRead("monitoring", "/v3/projects/{project}/alertPolicies", "alertPolicies",
                                          alert_policies_config)),
    "compute_metadata": ("compute", ApiRead("compute", "/compute/v1/projects/{project}", shape=compute_project_config)),
    "dns_policies": ("dns", ApiRead("dns", "/dns/v1/projects/{project}/policies", "policies", dns_policies_config,
                                    page_param="maxResults")),
    "asset_inventory_api": ("logging", ApiRead("serviceusage", "/v1/projects/{project}/services/cloudasset.googleapis.com",
                                               shape=service_state)),
}
PROJECT_PERMISSIONS = {
    "iam_policy": ("resourcemanager.projects.getIamPolicy",),
    "log_sinks": ("logging.sinks.list",),
    "log_buckets": ("logging.buckets.list",),
    "log_metrics": ("logging.logMetrics.list",),
    "alert_policies": ("monitoring.alertPolicies.list",),
    "compute_metadata": ("compute.projects.get",),
    "dns_policies": ("dns.policies.list",),
    "asset_inventory_api": ("serviceusage.services.get",),
    # what the project inherits: its folders and organisation, their IAM policies (audit configs) and sinks
    INHERITED: ("resourcemanager.projects.get", "resourcemanager.folders.get", "resourcemanager.folders.getIamPolicy",
                "resourcemanager.organizations.getIamPolicy", "logging.sinks.list"),
}


def firewall_rule(rule: dict[str, Any]) -> dict[str, Any]:
    keep = ("name", "direction", "priority", "disabled", "sourceRanges", "sourceTags", "sourceServiceAccounts",
            "targetTags", "targetServiceAccounts", "allowed", "denied")
    return {k: rule[k] for k in keep if k in rule}


def network_config(network: dict[str, Any]) -> dict[str, Any]:
    return {"mode": "legacy" if network.get("IPv4Range") else
                    "auto" if network.get("autoCreateSubnetworks") else "custom",
            "subnetworks": len(network.get("subnetworks") or [])}


def subnetwork_config(subnet: dict[str, Any]) -> dict[str, Any]:
    log = subnet.get("logConfig") or {}
    return {"network": _last(subnet.get("network")), "purpose": subnet.get("purpose") or "PRIVATE",
            "ip_cidr_range": subnet.get("ipCidrRange"),
            "flow_logs": bool(log.get("enable", subnet.get("enableFlowLogs"))),
            "flow_log_config": {"aggregation_interval": log.get("aggregationInterval", "INTERVAL_5_SEC"),
                                "flow_sampling": log.get("flowSampling", 0.5),
                                "metadata": log.get("metadata", "INCLUDE_ALL_METADATA"),
                                "filter": log.get("filterExpr") or None},
            "private_google_access": bool(subnet.get("privateIpGoogleAccess"))}


def instance_config(instance: dict[str, Any]) -> dict[str, Any]:
    shielded = instance.get("shieldedInstanceConfig") or {}
    return {
        "status": instance.get("status"),
        "labels": dict(instance.get("labels") or {}),
        "service_accounts": [{"email": a.get("email", ""), "scopes": list(a.get("scopes") or [])}
                             for a in instance.get("serviceAccounts") or []],
        "metadata": metadata_items(instance.get("metadata")),
        "can_ip_forward": bool(instance.get("canIpForward")),
        "public_ips": [c.get("natIP") or c.get("externalIpv6") or c.get("name") or "ephemeral"
                       for nic in instance.get("networkInterfaces") or []
                       for c in (nic.get("accessConfigs") or []) + (nic.get("ipv6AccessConfigs") or [])],
        "shielded_vm": {"secure_boot": bool(shielded.get("enableSecureBoot")), "vtpm": bool(shielded.get("enableVtpm")),
                        "integrity_monitoring": bool(shielded.get("enableIntegrityMonitoring"))},
        "confidential_computing": bool((instance.get("confidentialInstanceConfig") or {}).get("enableConfidentialCompute")),
        "disks_csek": [bool((d.get("diskEncryptionKey") or {}).get("sha256")) for d in instance.get("disks") or []],
    }


def service_account_config(account: dict[str, Any]) -> dict[str, Any]:
    return {"email": account.get("email", ""), "disabled": bool(account.get("disabled"))}


def keys_config(keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": _last(k.get("name")), "valid_after": k.get("validAfterTime"), "valid_before": k.get("validBeforeTime"),
             "disabled": bool(k.get("disabled"))} for k in keys if k.get("keyType", "USER_MANAGED") == "USER_MANAGED"]


def sql_instance_config(instance: dict[str, Any]) -> dict[str, Any]:
    settings = instance.get("settings") or {}
    ip = settings.get("ipConfiguration") or {}
    ssl_mode = ip.get("sslMode") or ("TRUSTED_CLIENT_CERTIFICATE_REQUIRED" if ip.get("requireSsl")
                                     else "ALLOW_UNENCRYPTED_AND_ENCRYPTED")
    return {
        "database_version": instance.get("databaseVersion", ""),
        "instance_type": instance.get("instanceType", "CLOUD_SQL_INSTANCE"),
        "ssl_mode": ssl_mode,
        "authorized_networks": [n.get("value", "") for n in ip.get("authorizedNetworks") or []],
        "public_ip": bool(ip.get("ipv4Enabled")) or any(a.get("type") == "PRIMARY" for a in instance.get("ipAddresses") or []),
        "backups": bool((settings.get("backupConfiguration") or {}).get("enabled")),
        "flags": {f.get("name", ""): str(f.get("value", "")) for f in settings.get("databaseFlags") or []},
    }


def backend_service_config(service: dict[str, Any]) -> dict[str, Any]:
    """A backend service (global or regional): which load balancer kind it serves, and its request logging."""
    log = service.get("logConfig") or {}
    return {"scheme": service.get("loadBalancingScheme"), "protocol": service.get("protocol"),
            "logging": bool(log.get("enable")), "sample_rate": log.get("sampleRate")}


def dataset_name(dataset: dict[str, Any]) -> str:
    """A BigQuery dataset's resource name, from the list item's datasetReference."""
    reference = dataset.get("datasetReference") or {}
    return f"projects/{reference.get('projectId')}/datasets/{reference.get('datasetId')}"


def dataset_list_config(dataset: dict[str, Any]) -> dict[str, Any]:
    return {"location": dataset.get("location")}


def dataset_config(dataset: dict[str, Any]) -> dict[str, Any]:
    """datasets.get: who may read the dataset (its access list) and its default encryption key."""
    access = dataset.get("access") or []
    public = [{"member": e.get("iamMember") or e.get("specialGroup"), "role": e.get("role")} for e in access
              if e.get("iamMember") in PUBLIC_MEMBERS or e.get("specialGroup") == "allAuthenticatedUsers"]
    return {"public_access": public,
            "default_kms_key": (dataset.get("defaultEncryptionConfiguration") or {}).get("kmsKeyName")}


def crypto_key_config(key: dict[str, Any]) -> dict[str, Any]:
    return {"purpose": key.get("purpose", "ENCRYPT_DECRYPT"), "rotation_period": key.get("rotationPeriod"),
            "next_rotation_time": key.get("nextRotationTime"),
            "primary_state": (key.get("primary") or {}).get("state")}


def key_iam_policy(policy: dict[str, Any]) -> dict[str, Any]:
    return {"bindings": iam_policy_config(policy)["bindings"]}


def api_key_config(key: dict[str, Any]) -> dict[str, Any]:
    restrictions = key.get("restrictions") or {}
    return {"created": key.get("createTime"),
            "api_targets": [t.get("service", "") for t in restrictions.get("apiTargets") or []],
            "application_restrictions": sorted(k for k in restrictions if k != "apiTargets")}


def dns_zone_config(zone: dict[str, Any]) -> dict[str, Any]:
    dnssec = zone.get("dnssecConfig") or {}
    return {"dns_name": zone.get("dnsName"), "visibility": zone.get("visibility", "public"),
            "dnssec_state": dnssec.get("state", "off"),
            "key_specs": [{"key_type": s.get("keyType"), "algorithm": s.get("algorithm")}
                          for s in dnssec.get("defaultKeySpecs") or []]}


FIREWALLS = ApiRead("compute", "/compute/v1/projects/{project}/global/firewalls", "items", page_param="maxResults")

LISTINGS = (
    GcpListing(NETWORK_TYPE, "compute",
               ApiRead("compute", "/compute/v1/projects/{project}/global/networks", "items", page_param="maxResults"),
               ("compute.networks.list", "compute.firewalls.list"), ("mode", "subnetworks", "firewall_rules"),
               network_config,
               joins={"firewall_rules": Join(FIREWALLS, lambda rule, net: _last(rule.get("network")) == net.get("name"),
                                             lambda rules: [firewall_rule(r) for r in rules])}),
    GcpListing(SUBNETWORK_TYPE, "compute",
               ApiRead("compute", "/compute/v1/projects/{project}/aggregated/subnetworks", "aggregated:subnetworks",
                       page_param="maxResults"),
               ("compute.subnetworks.list",),
               ("network", "purpose", "ip_cidr_range", "flow_logs", "flow_log_config", "private_google_access"),
               subnetwork_config, region=lambda s: _last(s.get("region")) or "global"),
    GcpListing(INSTANCE_TYPE, "compute",
               ApiRead("compute", "/compute/v1/projects/{project}/aggregated/instances", "aggregated:instances",
                       page_param="maxResults"),
               ("compute.instances.list",),
               ("status", "labels", "service_accounts", "metadata", "can_ip_forward", "public_ips", "shielded_vm",
                "confidential_computing", "disks_csek"),
               instance_config, region=lambda i: _last(i.get("zone")) or "global"),
    GcpListing(BACKEND_SERVICE_TYPE, "compute",
               ApiRead("compute", "/compute/v1/projects/{project}/aggregated/backendServices",
                       "aggregated:backendServices", page_param="maxResults"),
               ("compute.backendServices.list",), ("scheme", "protocol", "logging", "sample_rate"),
               backend_service_config, region=lambda b: _last(b.get("region")) or "global"),
    GcpListing(SERVICE_ACCOUNT_TYPE, "iam", ApiRead("iam", "/v1/projects/{project}/serviceAccounts", "accounts"),
               ("iam.serviceAccounts.list", "iam.serviceAccountKeys.list"), ("email", "disabled", "user_managed_keys"),
               service_account_config,
               item_reads={"user_managed_keys": ApiRead("iam", "/v1/{name}/keys", "keys", keys_config, page_param=None,
                                                        params={"keyTypes": "USER_MANAGED"})}),
    GcpListing(SQL_INSTANCE_TYPE, "sql", ApiRead("sqladmin", "/v1/projects/{project}/instances", "items",
                                                 page_param="maxResults"),
               ("cloudsql.instances.list",),
               ("database_version", "instance_type", "ssl_mode", "authorized_networks", "public_ip", "backups", "flags"),
               sql_instance_config, region=lambda i: i.get("region") or "global"),
    GcpListing(KMS_KEY_TYPE, "kms", ApiRead("cloudkms", "/v1/{parent}/cryptoKeys", "cryptoKeys"),
               ("cloudkms.locations.list", "cloudkms.keyRings.list", "cloudkms.cryptoKeys.list",
                "cloudkms.cryptoKeys.getIamPolicy"),
               ("purpose", "rotation_period", "next_rotation_time", "primary_state", "iam_policy"), crypto_key_config,
               region=lambda k: k["name"].split("/locations/", 1)[1].split("/", 1)[0],
               parents=(ApiRead("cloudkms", "/v1/projects/{project}/locations", "locations"),
                        ApiRead("cloudkms", "/v1/{parent}/keyRings", "keyRings")),
               item_reads={"iam_policy": ApiRead("cloudkms", "/v1/{name}:getIamPolicy", shape=key_iam_policy,
                                                 params={"options.requestedPolicyVersion": 3})}),
    GcpListing(API_KEY_TYPE, "iam", ApiRead("apikeys", "/v2/projects/{project}/locations/global/keys", "keys"),
               ("apikeys.keys.list",), ("created", "api_targets", "application_restrictions"), api_key_config),
    GcpListing(DATASET_TYPE, "bigquery", ApiRead("bigquery", "/bigquery/v2/projects/{project}/datasets", "datasets",
                                                 page_param="maxResults"),
               ("bigquery.datasets.get",), ("location", "dataset"), dataset_list_config,
               region=lambda d: str(d.get("location") or "global").lower(), name_of=dataset_name,
               item_reads={"dataset": ApiRead("bigquery", "/bigquery/v2/{name}", shape=dataset_config)}),
    GcpListing(DNS_ZONE_TYPE, "dns", ApiRead("dns", "/dns/v1/projects/{project}/managedZones", "managedZones",
                                             page_param="maxResults"),
               ("dns.managedZones.list",), ("dns_name", "visibility", "dnssec_state", "key_specs"), dns_zone_config),
)


def resource_types(services: tuple[str, ...] = SERVICES) -> dict[str, frozenset[str]]:
    """The types the foundations reads produce for these services, with the config keys recorded on each."""
    types = {kind.type: frozenset(kind.keys) for kind in LISTINGS if kind.service in services}
    project_keys = frozenset(key for key, (service, _) in PROJECT_READS.items() if service in services)
    extra = {READ_AT} | ({INHERITED} if {"iam", "logging"} & set(services) else set())
    return {**types, **({PROJECT_TYPE: project_keys | extra} if types or project_keys else {})}


def permissions() -> list[str]:
    return sorted({p for kind in LISTINGS for p in kind.permissions}
                  | {p for perms in PROJECT_PERMISSIONS.values() for p in perms})
