"""Google Cloud: Cloud Storage buckets with their IAM policies and ACLs, read with google-cloud-storage."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated, Any, Optional

import typer

TITLE = "Scan Google Cloud Storage with Application Default Credentials."
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
) -> GcpTarget:
    from srmscan.errors import SrmscanError

    for value in ([organization] if organization else []) + list(folder or ()):
        if not value.isdigit():
            raise SrmscanError(f"{value!r} is not an organisation or folder id (digits, e.g. 123456789012)")
    return GcpTarget(tuple(project or ()), endpoint or os.environ.get("STORAGE_EMULATOR_HOST") or None, max_workers,
                     organization, tuple(folder or ()), resource_manager_endpoint)


def collect(target: GcpTarget, progress):
    from srmscan.providers.gcp.collector import collect_projects

    return collect_projects(target, progress)


def permissions() -> list[str]:
    from srmscan.providers.gcp.storage import permissions as gcs_permissions

    return gcs_permissions()


def resource_types() -> dict[str, frozenset[str]]:
    from srmscan.providers.gcp.storage import resource_types as gcp_types

    return gcp_types()
