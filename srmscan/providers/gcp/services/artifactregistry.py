"""Artifact Registry: the project's repositories in every location it offers (locations.list, then
repositories.list per location), their format, encryption key and vulnerability scanning, and who may read
them (each repository's IAM policy)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, Read, ResourceType
from srmscan.providers.gcp.declare import Google, resource_iam_policy

REPOSITORY_TYPE = "gcp.artifactregistry.repository"


def repository_config(repository: dict[str, Any]) -> dict[str, Any]:
    """A repository (repositories.list item). `scanning` is the state Artifact Registry reports
    (SCANNING_ACTIVE, SCANNING_DISABLED, SCANNING_UNSUPPORTED), None where the answer has none."""
    scanning = repository.get("vulnerabilityScanningConfig") or {}
    return {"format": repository.get("format") or "FORMAT_UNSPECIFIED",
            "mode": repository.get("mode") or "STANDARD_REPOSITORY",
            "kms_key": repository.get("kmsKeyName") or None,
            "scanning": scanning.get("enablementState"),
            "scanning_reason": scanning.get("enablementStateReason")}


TYPES = (
    ResourceType(REPOSITORY_TYPE, "artifactregistry",
                 Listing(Google("artifactregistry", "/v1/{parent}/repositories", "repositories"),
                         ("artifactregistry.locations.list", "artifactregistry.repositories.list"),
                         parents=(Google("artifactregistry", "/v1/projects/{project}/locations", "locations"),)),
                 repository_config, region=lambda r: r["name"].split("/locations/")[1].split("/")[0],
                 address=lambda r: r["name"],
                 reads=(Read("iam_policy", Google("artifactregistry", "/v1/{name}:getIamPolicy"),
                             "artifactregistry.repositories.getIamPolicy", resource_iam_policy),),
                 identity=lambda r, project: (r["name"], r["name"].rsplit("/", 1)[-1])),
)
SCOPE_READS: dict = {}   # no read of the project's own
