"""What a Google Cloud scan is asked to read, and the services it can read (built from the command line by
srmscan.providers.gcp.options)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


SERVICES = ("storage", "iam", "logging", "compute", "sql", "kms", "dns", "bigquery", "gke", "essentialcontacts", "pubsub",
            "secretmanager", "orgpolicy", "workloadidentity", "run", "cloudfunctions", "artifactregistry", "dataproc",
            "dlp", "vpcsc")   # as srmscan.providers.gcp.reads
# The project's foundations: every service but Cloud Storage, and Sensitive Data Protection, which finds its
# profiles' locations through Cloud Storage too. The project resource (its own reads, and `read_at`, the clock key
# ages are judged by) is written when one of them is read.
FOUNDATION_SERVICES = tuple(s for s in SERVICES if s not in ("storage", "dlp"))


@dataclass(frozen=True)
class GcpTarget:
    projects: tuple[str, ...]
    endpoint: str | None
    max_workers: int
    organization: str | None = None       # every ACTIVE project under organizations/ID, at any depth
    folders: tuple[str, ...] = ()         # every ACTIVE project under folders/ID, at any depth
    resource_manager: str | None = None   # Cloud Resource Manager endpoint (default: Google's)
    shard: Any = None                     # a srmscan.sharding.Shard: this run's share of the projects
    services: tuple[str, ...] = SERVICES  # what to read (--service)
    api_endpoint: str | None = None       # every Google REST API but Cloud Storage through this base URL

    @property
    def hierarchy(self) -> list[str]:
        return ([f"organizations/{self.organization}"] if self.organization else []) + [f"folders/{f}" for f in self.folders]
