"""How Google Cloud services are read, declared as data (the vocabulary of srmscan.providers.gcp.services):
a read of one Google REST API (a GET, or Resource Manager's getIamPolicy), a join of a project-wide listing
onto the items it belongs to, and a listing of one resource type with its parents and per-item reads. Each
read names the IAM permissions it needs, so `srmscan permissions gcp` follows from the declarations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

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
    permissions: tuple[str, ...] = ()   # the IAM permissions it needs (a listing's own are on the GcpListing)


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
    config: Callable[[dict[str, Any]], dict[str, Any]]
    region: Callable[[dict[str, Any]], str] = lambda item: "global"
    parents: tuple[ApiRead, ...] = ()
    joins: dict[str, Join] = field(default_factory=dict)
    item_reads: dict[str, ApiRead] = field(default_factory=dict)
    name_of: Callable[[dict[str, Any]], str] = lambda item: item["name"]   # the item's resource name (fills {name})

    @property
    def name(self) -> str:
        return self.read.path.rsplit("/", 1)[-1]

    @property
    def config_keys(self) -> frozenset[str]:
        """The keys its shape records from the listed item: those it gives an item with no optional field
        (a shape must not depend on fields being there, since real answers omit them)."""
        return frozenset(self.config({}))

    @property
    def keys(self) -> frozenset[str]:
        """Every config key of the type: the shaped item's, each join's and each item read's."""
        return self.config_keys | frozenset(self.joins) | frozenset(self.item_reads)


def last_part(url: str | None) -> str:
    return (url or "").rstrip("/").rsplit("/", 1)[-1]


# A shape several services share (the project policy, KMS keys, folders and organisations).
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
