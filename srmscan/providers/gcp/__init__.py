"""Google Cloud: Cloud Storage buckets with their IAM policies and ACLs, read with google-cloud-storage."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated, Optional

import typer

TITLE = "Scan Google Cloud Storage with Application Default Credentials."
DEFAULT_WORKERS = 16


@dataclass(frozen=True)
class GcpTarget:
    projects: tuple[str, ...]
    endpoint: str | None
    max_workers: int


def options(
    project: Annotated[Optional[list[str]], typer.Option(help="Project to scan; repeatable (default: the credential's project).")] = None,
    endpoint: Annotated[Optional[str], typer.Option(help="Cloud Storage API endpoint (private endpoint, emulator); STORAGE_EMULATOR_HOST works too.")] = None,
    max_workers: Annotated[int, typer.Option(min=1, max=256, help="Concurrent API reads.")] = DEFAULT_WORKERS,
) -> GcpTarget:
    return GcpTarget(tuple(project or ()), endpoint or os.environ.get("STORAGE_EMULATOR_HOST") or None, max_workers)


def collect(target: GcpTarget, progress):
    from srmscan.providers.gcp.collector import collect_projects

    return collect_projects(target, progress)


def permissions() -> list[str]:
    from srmscan.providers.gcp.storage import permissions as gcs_permissions

    return gcs_permissions()


def resource_types() -> dict[str, frozenset[str]]:
    from srmscan.providers.gcp.storage import resource_types as gcp_types

    return gcp_types()
