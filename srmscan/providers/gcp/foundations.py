"""Walk the declared Google Cloud services (srmscan.providers.gcp.reads) over one project: the project's own
settings (one read per key) and every resource type (its listing's parents first, its joins once per project,
its reads per item), each request on the shared pool. A listing that cannot be read is a collection error of
the project; an item or project read that fails is recorded on its resource (its checks say ERROR)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from srmscan.concurrency import TaskPool
from srmscan.model import Resource, Snapshot
from srmscan.providers.declare import Join, ResourceType
from srmscan.providers.gcp.declare import INHERITED, PROJECT_TYPE, READ_AT
from srmscan.providers.gcp.inheritance import Ancestry
from srmscan.providers.gcp.reads import CATALOGUE, project_resource
from srmscan.providers.recording import MALFORMED, listed_resource, record_read, submit_reads, unexpected


class Apis:
    """The transports a declared request runs over: the base URL of each Google API and the reader that
    performs REST reads, Cloud Storage's client (srmscan.providers.gcp.buckets), and the projects' ancestry."""

    def __init__(self, reader, bases: dict[str, str], failures: tuple[type[BaseException], ...], error_of,
                 storage=None):
        self.reader = reader
        self.bases = bases
        self.failures = failures
        self.error_of = error_of
        self.storage = storage
        self.ancestry = Ancestry(self)   # the folders and organisation above the projects, each read once per scan

    def record(self, resource: Resource, key: str, call, progress) -> None:
        record_read(resource, key, call, self.failures, self.error_of, progress)


def collect_foundations(pool: TaskPool, apis: Apis, project: str, services: tuple[str, ...], snapshot: Snapshot,
                        progress) -> None:
    if project_resource(services):
        resource = Resource("gcp", PROJECT_TYPE, f"projects/{project}", project, project, "global")
        resource.record(READ_AT, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        snapshot.resources.append(resource)
        reads = CATALOGUE.scope_reads(PROJECT_TYPE, services)
        progress.add_total(len(reads))
        for read in reads:
            pool.submit(record_read, resource, read.key, lambda r=read: r.shape(r.request.run(apis, project=project)),
                        apis.failures, apis.error_of, progress)
        if {"iam", "logging"} & set(services):
            progress.add_total(1)
            pool.submit(record_read, resource, INHERITED, lambda: apis.ancestry.inherited(project), apis.failures,
                        apis.error_of, progress)
    for kind in CATALOGUE.types(services):
        pool.submit(_collect_listing, pool, apis, kind, project, snapshot, progress)


def _address(kind: ResourceType, item: dict[str, Any]) -> str:
    """What an item's reads are addressed by ({name}): its resource name, unless the type says otherwise."""
    return kind.address(item) if kind.address is not None else item["name"]


def _identity(kind: ResourceType, item: dict[str, Any], project: str) -> tuple[str, str]:
    if kind.identity is not None:
        return kind.identity(item, project)
    name = _address(kind, item)
    return item.get("selfLink") or name, item.get("email") or item.get("displayName") or name.rsplit("/", 1)[-1]


def _collect_listing(pool: TaskPool, apis: Apis, kind: ResourceType, project: str, snapshot: Snapshot, progress,
                     depth: int = 0, parent: str = "") -> None:
    """List `kind` under `parent`; when the listing has parents (KMS: locations, then key rings), each level
    lists its children and hands each one to the pool, so the fan-out runs concurrently; a type's `children` are
    listed below each of its items the same way."""
    progress.add_total(1)
    parents = kind.listing.parents
    step = parents[depth] if depth < len(parents) else kind.listing.request
    listing = f"{kind.type} list {parent or project}"
    try:
        items = step.run(apis, project=project, parent=parent)
        items = items if depth < len(parents) else kind.listing.items(items)
    except apis.failures as exc:
        snapshot.record_error(listing, apis.error_of(exc), project)
        return
    except MALFORMED as exc:
        snapshot.record_error(listing, unexpected(listing, exc), project)
        return
    finally:
        progress.advance()
    if depth < len(parents):
        for item in items:
            pool.submit(_collect_listing, pool, apis, kind, project, snapshot, progress, depth + 1, item["name"])
        return
    resources = [(resource, item) for item in items if (kind.keep is None or kind.keep(item)) and (
        resource := listed_resource(
            lambda i=item: Resource("gcp", kind.type, *_identity(kind, i, project), project,
                                    kind.region(i) if kind.region is not None else "global"),
            lambda i=item: kind.config(i), kind.config_keys, listing, snapshot, project)) is not None]
    snapshot.resources.extend(resource for resource, _ in resources)
    for join in kind.joins if resources else ():
        pool.submit(_join, apis, join, project, resources, progress)
    progress.add_total(len(kind.reads) * len(resources))
    for resource, item in resources:
        submit_reads(pool, resource, kind.reads,
                     lambda read, n=_address(kind, item): read.request.run(apis, project=project, name=n),
                     apis.record, progress)
        for child in kind.children:   # listed below the item ({parent}: its address), e.g. a dataset's tables
            pool.submit(_collect_listing, pool, apis, child, project, snapshot, progress, len(child.listing.parents),
                        _address(kind, item))


def _join(apis: Apis, join: Join, project: str, resources: list[tuple[Resource, dict[str, Any]]], progress) -> None:
    progress.add_total(1)
    try:
        joined = join.read.shape(join.read.request.run(apis, project=project))
    except (*apis.failures, *MALFORMED) as exc:
        error = unexpected(join.key, exc) if isinstance(exc, MALFORMED) else apis.error_of(exc)
        for resource, _ in resources:
            resource.record_error(join.key, error)
        return
    finally:
        progress.advance()
    for resource, item in resources:
        try:
            resource.record(join.key, join.shape([entry for entry in joined if join.belongs(entry, item)]))
        except MALFORMED as exc:
            resource.record_error(join.key, unexpected(join.key, exc))
