"""Walk the foundations reads of srmscan.providers.gcp.reads over one project: the project's own settings
(one read per key) and every listing (its parents first, its joins once per project, its item reads per
item), each read on the shared pool. A listing that cannot be read is a collection error of the project;
an item or project read that fails is recorded on its resource (its checks say ERROR)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from srmscan.concurrency import TaskPool
from srmscan.model import Resource, Snapshot
from srmscan.providers.gcp.inheritance import Ancestry
from srmscan.providers.gcp.declare import INHERITED, PROJECT_TYPE, READ_AT, ApiRead, GcpListing
from srmscan.providers.gcp.reads import LISTINGS, PROJECT_READS
from srmscan.providers.recording import MALFORMED, listed_resource, record_read, unexpected


class Apis:
    """The base URL of each Google API, and the reader that performs the reads."""

    def __init__(self, reader, bases: dict[str, str], failures: tuple[type[BaseException], ...], error_of):
        self.reader = reader
        self.bases = bases
        self.failures = failures
        self.error_of = error_of

    def run(self, read: ApiRead, **names: str) -> Any:
        url = self.bases[read.api].rstrip("/") + read.path.format(**names)
        if read.iam_post:
            answer = self.reader.get_iam_policy(url)
        elif read.items is None:
            answer = self.reader.get(url, dict(read.params))
        else:
            answer = self.reader.get_all(url, read.items, dict(read.params), read.page_param)
        return read.shape(answer)


def collect_foundations(pool: TaskPool, apis: Apis, project: str, services: tuple[str, ...], snapshot: Snapshot,
                        progress, ancestry: Ancestry | None = None) -> None:
    reads = {key: read for key, (service, read) in PROJECT_READS.items() if service in services}
    if any(kind.service in services for kind in LISTINGS) or reads:
        resource = Resource("gcp", PROJECT_TYPE, f"projects/{project}", project, project, "global")
        resource.record(READ_AT, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        snapshot.resources.append(resource)
        progress.add_total(len(reads))
        for key, read in reads.items():
            pool.submit(record_read, resource, key, lambda r=read: apis.run(r, project=project), apis.failures,
                        apis.error_of, progress)
        if ancestry is not None and {"iam", "logging"} & set(services):
            progress.add_total(1)
            pool.submit(record_read, resource, INHERITED, lambda: ancestry.inherited(project), apis.failures,
                        apis.error_of, progress)
    for kind in LISTINGS:
        if kind.service in services:
            pool.submit(_collect_listing, pool, apis, kind, project, snapshot, progress)


def _collect_listing(pool: TaskPool, apis: Apis, kind: GcpListing, project: str, snapshot: Snapshot, progress,
                     depth: int = 0, parent: str = "") -> None:
    """List `kind` under `parent`; when the listing has parents (KMS: locations, then key rings), each level
    lists its children and hands each one to the pool, so the fan-out runs concurrently."""
    progress.add_total(1)
    step = kind.parents[depth] if depth < len(kind.parents) else kind.read
    listing = f"{kind.type} list {parent or project}"
    try:
        items = apis.run(step, project=project, parent=parent)
    except apis.failures as exc:
        snapshot.record_error(listing, apis.error_of(exc), project)
        return
    except MALFORMED as exc:
        snapshot.record_error(listing, unexpected(listing, exc), project)
        return
    finally:
        progress.advance()
    if depth < len(kind.parents):
        for item in items:
            pool.submit(_collect_listing, pool, apis, kind, project, snapshot, progress, depth + 1, kind.name_of(item))
        return
    resources = [(resource, item) for item in items if (resource := listed_resource(
        lambda i=item: Resource("gcp", kind.type, i.get("selfLink") or kind.name_of(i),
                                i.get("email") or i.get("displayName") or kind.name_of(i).rsplit("/", 1)[-1], project,
                                kind.region(i)),
        lambda i=item: kind.config(i), kind.config_keys, listing, snapshot, project)) is not None]
    snapshot.resources.extend(resource for resource, _ in resources)
    for key, join in kind.joins.items() if resources else ():
        pool.submit(_join, apis, key, join, project, resources, progress)
    progress.add_total(len(kind.item_reads) * len(resources))
    for resource, item in resources:
        for key, read in kind.item_reads.items():
            pool.submit(record_read, resource, key,
                        lambda r=read, n=kind.name_of(item): apis.run(r, project=project, name=n),
                        apis.failures, apis.error_of, progress)


def _join(apis: Apis, key: str, join, project: str, resources: list[tuple[Resource, dict[str, Any]]], progress) -> None:
    progress.add_total(1)
    try:
        joined = apis.run(join.read, project=project)
    except (*apis.failures, *MALFORMED) as exc:
        error = unexpected(key, exc) if isinstance(exc, MALFORMED) else apis.error_of(exc)
        for resource, _ in resources:
            resource.record_error(key, error)
        return
    finally:
        progress.advance()
    for resource, item in resources:
        try:
            resource.record(key, join.shape([entry for entry in joined if join.belongs(entry, item)]))
        except MALFORMED as exc:
            resource.record_error(key, unexpected(key, exc))
