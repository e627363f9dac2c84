"""Google Cloud in the vocabulary of srmscan.providers.declare: its requests (a Google REST GET or
getIamPolicy; a google-cloud-storage operation), its scope (the project), the resource types, and the shapes
several services share. Nothing here imports an SDK; srmscan.providers.gcp.foundations performs the requests."""

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
class Google:
    """A Google REST request (the request of a Read or a Listing): a GET of `path` on `api` ({project}, {name}
    of the item it belongs to, {parent} filled in), every page of the list `items` when it is a listing, or
    Resource Manager's getIamPolicy (a POST that reads) when `iam_post`. `of_name` turns the item's name into
    the part the path needs (a function's name into its location's)."""

    api: str
    path: str
    items: str | None = None
    page_param: str | None = "pageSize"
    params: dict[str, Any] = field(default_factory=dict)
    iam_post: bool = False
    of_name: Callable[[str], str] | None = None

    def run(self, apis: Any, **names: str) -> Any:
        if self.of_name is not None:
            names["name"] = self.of_name(names["name"])
        url = apis.bases[self.api].rstrip("/") + self.path.format(**names)
        if self.iam_post:
            return apis.reader.get_iam_policy(url)
        if self.items is None:
            return apis.reader.get(url, dict(self.params))
        return apis.reader.get_all(url, self.items, dict(self.params), self.page_param)


@dataclass(frozen=True)
class CloudStorage:
    """A google-cloud-storage client operation: "list_buckets" of the project, or, of one bucket (the item it
    belongs to), "iam_policy" (version 3), "acl" or "default_object_acl"; its answer as the JSON API's."""

    operation: str

    def run(self, apis: Any, project: str, name: str = "", **_names: str) -> Any:
        return getattr(apis.storage, self.operation)(project, name)


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


def resource_iam_policy(policy: dict[str, Any]) -> dict[str, Any]:
    """A resource's own IAM policy (a key's, a topic's, a secret's getIamPolicy): its bindings."""
    return {"bindings": iam_policy_config(policy)["bindings"]}
