"""Google Cloud: Cloud Storage buckets (google-cloud-storage) and the project foundations (IAM, logging,
Compute networks and instances, Cloud SQL, KMS, Cloud DNS, BigQuery datasets) read from Google's REST APIs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated, Any, Optional

import typer

TITLE = "Scan Google Cloud projects with Application Default Credentials."
SERVICES = ("storage", "iam", "logging", "compute", "sql", "kms", "dns", "bigquery")   # as srmscan.providers.gcp.reads
FOUNDATION_SERVICES = tuple(s for s in SERVICES if s != "storage")   # read from the REST APIs (storage: its client)
DEFAULT_WORKERS = 16


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


def options(
    project: Annotated[Optional[list[str]], typer.Option(help="Project to scan; repeatable (default: the credential's project).")] = None,
    endpoint: Annotated[Optional[str], typer.Option(help="Cloud Storage API endpoint (private endpoint, emulator); STORAGE_EMULATOR_HOST works too.")] = None,
    max_workers: Annotated[int, typer.Option(min=1, max=256, help="Concurrent API reads.")] = DEFAULT_WORKERS,
    organization: Annotated[Optional[str], typer.Option(help="Scan every ACTIVE project under this organisation (numeric id), at any depth; with --project, only those of them.")] = None,
    folder: Annotated[Optional[list[str]], typer.Option(help="Scan every ACTIVE project under this folder (numeric id), at any depth; repeatable.")] = None,
    resource_manager_endpoint: Annotated[Optional[str], typer.Option(help="Cloud Resource Manager API endpoint (private endpoint, test server).")] = None,
    service: Annotated[Optional[list[str]], typer.Option(help=f"Only this service; repeatable ({', '.join(SERVICES)}; default: all).")] = None,
    api_endpoint: Annotated[Optional[str], typer.Option(help="Base URL for every Google REST API but Cloud Storage (a proxy, a test server).")] = None,
) -> GcpTarget:
    from srmscan.errors import SrmscanError

    unknown = sorted(set(service or ()) - set(SERVICES))
    if unknown:
        raise SrmscanError(f"unknown Google Cloud service {', '.join(map(repr, unknown))}: choose from {', '.join(SERVICES)}")
    for value in ([organization] if organization else []) + list(folder or ()):
        if not value.isdigit():
            raise SrmscanError(f"{value!r} is not an organisation or folder id (digits, e.g. 123456789012)")
    return GcpTarget(tuple(project or ()), endpoint or os.environ.get("STORAGE_EMULATOR_HOST") or None, max_workers,
                     organization, tuple(folder or ()), resource_manager_endpoint,
                     services=tuple(s for s in SERVICES if s in (service or SERVICES)), api_endpoint=api_endpoint)


def collect(target: GcpTarget, progress):
    from srmscan.providers.gcp.collector import collect_projects

    return collect_projects(target, progress)


def permissions() -> list[str]:
    from srmscan.providers.gcp.reads import permissions as foundations_permissions
    from srmscan.providers.gcp.storage import permissions as gcs_permissions

    return sorted(set(gcs_permissions()) | set(foundations_permissions()))


def resource_types(services: tuple[str, ...] = SERVICES) -> dict[str, frozenset[str]]:
    from srmscan.providers.gcp.reads import resource_types as foundations_types
    from srmscan.providers.gcp.storage import resource_types as gcs_types

    return {**(gcs_types() if "storage" in services else {}), **foundations_types(services)}
