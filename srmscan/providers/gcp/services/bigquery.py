"""BigQuery: datasets (datasets.list, then datasets.get for each one's access entries and default key)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import ApiRead, DATASET_TYPE, GcpListing, PUBLIC_MEMBERS


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


PROJECT_READS: dict[str, ApiRead] = {}   # no project-level read

LISTINGS = (
    GcpListing(DATASET_TYPE, "bigquery", ApiRead("bigquery", "/bigquery/v2/projects/{project}/datasets", "datasets",
                                                 page_param="maxResults"),
               ("bigquery.datasets.get",), dataset_list_config,
               region=lambda d: str(d.get("location") or "global").lower(), name_of=dataset_name,
               item_reads={"dataset": ApiRead("bigquery", "/bigquery/v2/{name}", shape=dataset_config)}),
)
