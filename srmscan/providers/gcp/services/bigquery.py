"""BigQuery: datasets (datasets.list, then datasets.get for each one's access entries and default key), and their
tables (tables.list per dataset, then tables.get for each one's encryption key)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.gcp.declare import DATASET_TYPE, PUBLIC_MEMBERS, Google
from srmscan.providers.declare import Listing, Read, ResourceType


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


TABLE_TYPE = "gcp.bigquery.table"


def table_name(table: dict[str, Any]) -> str:
    reference = table.get("tableReference") or {}
    return f"projects/{reference.get('projectId')}/datasets/{reference.get('datasetId')}/tables/{reference.get('tableId')}"


def table_list_config(table: dict[str, Any]) -> dict[str, Any]:
    return {"table_type": table.get("type") or "TABLE"}


def table_config(table: dict[str, Any]) -> dict[str, Any]:
    """tables.get: the table's customer-managed key, if any."""
    return {"kms_key": (table.get("encryptionConfiguration") or {}).get("kmsKeyName")}


# A dataset's tables, listed below it (tables.list), each read for its key (tables.get)
TABLE = ResourceType(
    TABLE_TYPE, "bigquery",
    Listing(Google("bigquery", "/bigquery/v2/{parent}/tables", "tables", page_param="maxResults"), "bigquery.tables.list"),
    table_list_config, address=table_name,
    identity=lambda t, project: (table_name(t), "{datasetId}.{tableId}".format(**t["tableReference"])),
    reads=(Read("table", Google("bigquery", "/bigquery/v2/{name}"), "bigquery.tables.get", table_config),))

TYPES = (
    ResourceType(DATASET_TYPE, "bigquery",
                 Listing(Google("bigquery", "/bigquery/v2/projects/{project}/datasets", "datasets",
                                page_param="maxResults"), "bigquery.datasets.get"),
                 dataset_list_config, region=lambda d: str(d.get("location") or "global").lower(), address=dataset_name,
                 reads=(Read("dataset", Google("bigquery", "/bigquery/v2/{name}"), "bigquery.datasets.get",
                             dataset_config),),
                 children=(TABLE,)),
)
SCOPE_READS: dict = {}   # no read of the project's own
