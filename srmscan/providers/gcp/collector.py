"""Collect one or more Google Cloud projects into a Snapshot (reads only, concurrently): find the projects, then
walk the declared services over each (srmscan.providers.gcp.foundations)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import google.api_core.exceptions as api_errors
import requests

from srmscan.concurrency import TaskPool
from srmscan.errors import SrmscanError
from srmscan.model import ReadError, ScanMetadata, Snapshot
from srmscan.providers.gcp.target import GcpTarget
from srmscan.providers.gcp.foundations import Apis, collect_foundations
from srmscan.providers.gcp.hierarchy import RESOURCE_MANAGER, projects_under
from srmscan.providers.gcp.reads import API_BASES
from srmscan.providers.gcp.rest import RestReader
from srmscan.providers.gcp.retry import RETRY
from srmscan.providers.gcp.session import credentials, read_only_session
from srmscan.providers.reachability import Reachability
from srmscan.providers.gcp.buckets import BucketReader
from srmscan.providers.gcp.types import resource_types

READ_FAILURES = (api_errors.GoogleAPIError, requests.RequestException)


def error_of(exc: Exception) -> ReadError:
    if isinstance(exc, api_errors.GoogleAPICallError):
        return ReadError(type(exc).__name__, f"{exc.code}: {exc.message}")
    return ReadError(type(exc).__name__, str(exc))


def collect_projects(target: GcpTarget, progress) -> Snapshot:
    started = time.monotonic()
    creds, default_project = credentials(target.endpoint or target.api_endpoint)
    snapshot = Snapshot(provider="gcp")
    reachability = Reachability()
    reader = RestReader(read_only_session(creds, target.max_workers, reachability), RETRY)
    projects = _projects(target, reader, default_project, snapshot)
    apis = Apis(reader, {api: target.api_endpoint or base for api, base in API_BASES.items()}, READ_FAILURES, error_of,
                BucketReader(creds, target.endpoint, target.max_workers, reachability, RETRY))
    if target.resource_manager:
        apis.bases["resourcemanager"] = target.resource_manager
    with TaskPool(target.max_workers) as pool:
        for project in projects:
            collect_foundations(pool, apis, project, target.services, snapshot, progress)
        pool.wait()
    snapshot.resources.sort(key=lambda r: r.id)
    snapshot.metadata = ScanMetadata(
        scanned_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        scanned_by=getattr(creds, "service_account_email", None) or type(creds).__name__,
        accounts=list(projects), regions=sorted({r.region for r in snapshot.resources}), endpoint_url=target.endpoint,
        collected={kind: sorted(keys) for kind, keys in resource_types(target.services).items()},
        services=list(target.services), duration_seconds=round(time.monotonic() - started, 3),
        shard=target.shard.to_json() if target.shard is not None else None,
        extra={**({"api_endpoint": target.api_endpoint} if target.api_endpoint else {}),
               **({"under": target.hierarchy} if target.hierarchy else {})})
    return snapshot


def _projects(target: GcpTarget, reader: RestReader, default_project: str | None, snapshot: Snapshot) -> list[str]:
    if target.hierarchy:
        under = projects_under(reader, target.resource_manager or target.api_endpoint or RESOURCE_MANAGER,
                               target.hierarchy, snapshot, error_of)
        projects = [p for p in under if not target.projects or p in target.projects]
    else:
        projects = list(target.projects or ((default_project,) if default_project else ()))
        if not projects:
            raise SrmscanError("no Google Cloud project to scan: pass --project, --organization or --folder "
                               "(the credentials name none)")
    return target.shard.take(projects) if target.shard is not None else projects
