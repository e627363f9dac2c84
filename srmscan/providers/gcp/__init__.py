"""Google Cloud: Cloud Storage buckets (google-cloud-storage) and the project foundations (IAM, logging,
Compute networks and instances, Cloud SQL, KMS, Cloud DNS, BigQuery datasets) read from Google's REST APIs."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from srmscan.providers.gcp.target import FOUNDATION_SERVICES, SERVICES, GcpTarget

__all__ = ["FOUNDATION_SERVICES", "SERVICES", "GcpTarget", "TITLE", "options", "collect", "permissions", "resource_types"]

TITLE = "Google Cloud projects with Application Default Credentials"   # what is read, for --help ("Scan ..." / "Collect ...")
DEFAULT_WORKERS = 16


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
    from srmscan.providers.gcp.reads import permissions as gcp_permissions

    return gcp_permissions()


def permissions_for(resource_type: str, reads: tuple[str, ...]) -> list[str]:
    """What one check needs: listing its resource type and reading the keys it reads."""
    from srmscan.providers.gcp.reads import CATALOGUE

    return CATALOGUE.permissions_for(resource_type, reads)


PERMISSIONS_FORMAT = "custom-role"   # `srmscan permissions gcp --format custom-role`: a ready document (srmscan.providers.gcp.policy)


def permissions_document(fmt: str) -> str | None:
    """The permissions as the document `fmt` names, or None when this cloud has no such document."""
    from srmscan.providers.gcp import policy

    return policy.document(permissions()) if fmt == PERMISSIONS_FORMAT else None


def resource_types(services: tuple[str, ...] = SERVICES) -> dict[str, frozenset[str]]:
    from srmscan.providers.gcp.types import resource_types as gcp_types

    return gcp_types(services)
