"""Sensitive Data Protection (DLP API v2): the data profiles its discovery service keeps for the project's BigQuery
tables and Cloud Storage buckets, with their sensitivity, data risk and predicted information types.

Profiles reside in their data's location and are never combined across locations, so each listing first finds
where the project's data lives (its datasets' and buckets' locations) and lists the profiles there. Profiles of
a project-level discovery scan are read; those of an organization- or folder-level scan live under the
organization and are not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from srmscan.providers.declare import Listing, ResourceType
from srmscan.providers.gcp.declare import CloudStorage, Google

TABLE_PROFILE_TYPE = "gcp.dlp.table_profile"
FILE_STORE_PROFILE_TYPE = "gcp.dlp.file_store_profile"
DATASETS = Google("bigquery", "/bigquery/v2/projects/{project}/datasets", "datasets", page_param="maxResults")


@dataclass(frozen=True)
class DataLocations:
    """The project's DLP locations where profiles of `source` ("datasets" or "buckets") may reside: the lower-cased
    locations of the project's BigQuery datasets or Cloud Storage buckets, as parents of the profile listing."""

    source: str

    def run(self, apis: Any, project: str, **_names: str) -> list[dict[str, str]]:
        items = DATASETS.run(apis, project=project) if self.source == "datasets" else \
            CloudStorage("list_buckets").run(apis, project)
        locations = sorted({str(item["location"]).lower() for item in items if item.get("location")})
        return [{"name": f"projects/{project}/locations/{location}"} for location in locations]


def _score(profile: dict[str, Any], key: str) -> str:
    return (profile.get(key) or {}).get("score") or "UNSPECIFIED"


def table_profile_config(profile: dict[str, Any]) -> dict[str, Any]:
    """A TableDataProfile: the table it profiles, its scores, the information types found, and what the profiler
    saw of the table's visibility and encryption."""
    return {"dataset": profile.get("datasetId"), "table": profile.get("tableId"),
            "sensitivity": _score(profile, "sensitivityScore"), "risk": _score(profile, "dataRiskLevel"),
            "info_types": sorted({(t.get("infoType") or {}).get("name") for t in profile.get("predictedInfoTypes") or []
                                  if (t.get("infoType") or {}).get("name")}),
            "visibility": profile.get("resourceVisibility"), "encryption": profile.get("encryptionStatus")}


def file_store_profile_config(profile: dict[str, Any]) -> dict[str, Any]:
    """A FileStoreDataProfile: the bucket it profiles (gs://NAME), its scores and the information types found."""
    return {"bucket": str(profile.get("fileStorePath") or "").removeprefix("gs://").strip("/") or None,
            "sensitivity": _score(profile, "sensitivityScore"), "risk": _score(profile, "dataRiskLevel"),
            "info_types": sorted({(s.get("infoType") or {}).get("name") for s in profile.get("fileStoreInfoTypeSummaries")
                                  or [] if (s.get("infoType") or {}).get("name")}),
            "visibility": profile.get("resourceVisibility")}


TYPES = (
    ResourceType(TABLE_PROFILE_TYPE, "dlp",
                 Listing(Google("dlp", "/v2/{parent}/tableDataProfiles", "tableDataProfiles"),
                         ("bigquery.datasets.get", "dlp.tableDataProfiles.list"),
                         parents=(DataLocations("datasets"),)),
                 table_profile_config, region=lambda p: p["name"].split("/locations/")[1].split("/")[0],
                 identity=lambda p, project: (p["name"], f"{p.get('datasetId')}.{p.get('tableId')}")),
    ResourceType(FILE_STORE_PROFILE_TYPE, "dlp",
                 Listing(Google("dlp", "/v2/{parent}/fileStoreDataProfiles", "fileStoreDataProfiles"),
                         ("storage.buckets.list", "dlp.fileStoreDataProfiles.list"),
                         parents=(DataLocations("buckets"),)),
                 file_store_profile_config, region=lambda p: p["name"].split("/locations/")[1].split("/")[0],
                 identity=lambda p, project: (p["name"], str(p.get("fileStorePath") or p["name"]))),
)
SCOPE_READS: dict = {}   # no read of the project's own
