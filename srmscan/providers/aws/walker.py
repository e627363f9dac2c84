"""The walk of one account's declared services: list each kind in each of its scopes, then read each listed
resource in waves (reads that need others' answers come later), every step a task of a shared pool.
Used by the scanning process (srmscan.providers.aws.collector) and by its worker processes
(srmscan.providers.aws.workers) alike, so that neither imports the other."""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime, timezone

from srmscan.concurrency import TaskGroup
from srmscan.model import Resource, Snapshot
from srmscan.providers.aws.calls import FAILURES, error_code, error_of, list_items, perform
from srmscan.providers.aws.declare import ACCOUNT_TYPE, GLOBAL, READ_AT_KEY, REGION_TYPE, Scope, listed_key
from srmscan.providers.declare import Read, ResourceType, read_waves
from srmscan.providers.aws.retry import transient
from srmscan.providers.aws.session import AwsClients

# A service that is not offered in a region, or not subscribed: no resources there, not a failure.
NOT_AVAILABLE_CODES = frozenset({"OptInRequired", "SubscriptionRequiredException", "UnsupportedOperation"})
NOT_A_REGION = ("", "global", "unknown")


def listing_scope(kind: ResourceType, scope: Scope) -> str:
    """How a failed listing is named in the snapshot's collection errors: its IAM action and region."""
    return kind.listing.permissions[0] + (f" in {scope.region}" if scope.region else "")


class Walker:
    """Lists each kind in each of its scopes and reads each resource, as pool tasks."""

    def __init__(self, clients: AwsClients, pool: TaskGroup, snapshot: Snapshot, progress, region_filter: tuple[str, ...],
                 workers=None):
        self.clients, self.pool, self.snapshot, self.progress = clients, pool, snapshot, progress
        self.region_filter = region_filter
        self.workers = workers   # a WorkerProcesses sharing out listed resources, or None: all read here
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._account = self._partition = ""   # set by start()
        self._scope_resources: dict[str | None, Resource] = {}
        self._waves: dict[tuple[str, tuple[str, ...]], list[list[Read]]] = {}
        self._failed_listings: list[tuple[ResourceType, Scope]] = []
        self._failed_reads: list[tuple] = []

    def retry_failed(self) -> None:
        """Once more, whatever failed transiently after all its attempts: listings, then reads."""
        listings, self._failed_listings = self._failed_listings, []
        reads, self._failed_reads = self._failed_reads, []
        for kind, scope in listings:
            owner = self._scope_resources[scope.region]
            owner.errors.pop(listed_key(kind), None)
            self.snapshot.errors[:] = [e for e in self.snapshot.errors if e.scope != listing_scope(kind, scope)]
            self.pool.submit(self.list_kind, kind, scope, False)
        for kind, resource, read, waves, index in reads:
            resource.errors.pop(read.key, None)
            self.progress.add_total(1)
            self.pool.submit(self._read, kind, resource, read, waves, index, _Countdown(1), False)

    def start(self, all_kinds: tuple[ResourceType, ...], account: str, partition: str) -> None:
        """The account and its global kinds, which need no region list: they start while it is read."""
        self._account, self._partition = account, partition
        self._scope_resources[None] = self._add(Resource("aws", ACCOUNT_TYPE, f"arn:{partition}:iam::{account}:root",
                                                         account, account, "global"))
        # The reference clock for age checks (keys, passwords, certificates): when the account was read.
        self._scope_resources[None].record(READ_AT_KEY, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        self._start_kinds([kind for kind in all_kinds if kind.scope == GLOBAL], [None])

    def enter(self, account: str, partition: str) -> None:
        """The account, for a walk that lists only regional units (a worker process's)."""
        self._account, self._partition = account, partition

    def start_regions(self, all_kinds: tuple[ResourceType, ...], regions: list[str],
                      units: frozenset[tuple[str, str]] | None = None) -> None:
        """Each region and the regional kinds in it (after start or enter); with `units`, only the (service, region)
        pairs given, the others being another process's."""
        regional = [kind for kind in all_kinds if kind.scope != GLOBAL]
        for region in regions:
            self._scope_resource(region)
            if units is not None:
                self._start_kinds([part for kind in regional if (part := within(kind, region, units)) is not None],
                                  [region])
        if units is None:
            self._start_kinds(regional, regions)

    def _scope_resource(self, region: str) -> Resource:
        found = self._scope_resources.get(region)
        if found is None:
            account, partition = self._account, self._partition
            found = self._scope_resources[region] = self._add(Resource(
                "aws", REGION_TYPE, f"arn:{partition}:ec2:{region}:{account}:region/{region}", region, account, region))
        return found

    def adopt(self, resources: list[Resource]) -> None:
        """Resources another process listed in its units: its records on a region join this process's (each
        process read other keys there); a resource listed here too (a multi-region trail) is kept once."""
        for resource in resources:
            if resource.type == REGION_TYPE:
                mine = self._scope_resource(resource.region)
                mine.config.update(resource.config)
                mine.errors.update(resource.errors)
                mine.skipped.update(resource.skipped)
            elif resource.id not in self._seen:
                self._seen.add(resource.id)
                self._add(resource)

    def _start_kinds(self, kinds: list[ResourceType], regions: list[str | None]) -> None:
        for kind in kinds:
            for region in regions:
                scope = Scope(self._account, self._partition, region)
                owner = self._scope_resources[region]
                if kind.listing is None:
                    self.read_all(kind, owner)
                elif kind.listing.applies is not None and not kind.listing.applies(owner):
                    owner.skip(listed_key(kind), f"{kind.type} is not listed in this region")
                else:
                    self.pool.submit(self.list_kind, kind, scope)

    def _add(self, resource: Resource) -> Resource:
        self.snapshot.resources.append(resource)
        return resource

    def list_kind(self, kind: ResourceType, scope: Scope, retry_later: bool = True) -> None:
        listing = kind.listing
        owner = self._scope_resources[scope.region]
        self.progress.add_total(1)
        try:
            with self.clients.turn(kind.service, scope.region) as client:
                entries = list_items(client, listing, self.clients.retry, owner)
        except FAILURES as exc:
            if error_code(exc) in listing.absent | NOT_AVAILABLE_CODES:
                owner.record(listed_key(kind), 0)
            else:
                error = error_of(exc)
                owner.record_error(listed_key(kind), error)
                self.snapshot.record_error(listing_scope(kind, scope), error, scope.account)
                if retry_later and transient(error.code):
                    with self._lock:
                        self._failed_listings.append((kind, scope))
            return
        finally:
            self.progress.advance()
        count = 0   # what this scope's listing returned, whichever scope records a shared resource
        for entry in entries:
            if kind.keep is not None and not kind.keep(entry):
                continue
            count += 1
            resource_id, name = kind.identity(entry, scope)
            with self._lock:
                if resource_id in self._seen:   # e.g. a multi-region trail seen from every region
                    continue
                self._seen.add(resource_id)
            region = (kind.region(entry) if kind.region else None) or scope.region or ""
            resource = Resource("aws", kind.type, resource_id, name, scope.account, region,
                                config=kind.config(entry))
            self.progress.add_total(len(kind.reads))
            if self.workers is None or not self.workers.offer(kind, resource):
                self.take(kind, resource)
        if self.workers is not None:
            self.workers.flush()
        owner.record(listed_key(kind), count)

    def take(self, kind: ResourceType, resource: Resource) -> None:
        """A listed resource: find out where it lives if the listing did not say, then read it."""
        if not resource.region and kind.locate is not None:
            self.pool.submit(self._locate_then_read, kind, resource)
        else:
            self._read_if_wanted(kind, resource)

    def _read_if_wanted(self, kind: ResourceType, resource: Resource) -> None:
        if self._in_filter(kind, resource):
            self._add(resource)
            self.read_all(kind, resource)
        else:
            self.progress.advance(len(kind.reads))

    def _in_filter(self, kind: ResourceType, resource: Resource) -> bool:
        """Regional kinds are only listed in the chosen regions; a global listing's resources that live
        in a region (S3 buckets) are kept when that region is chosen."""
        return (kind.scope != GLOBAL or not self.region_filter or resource.region in NOT_A_REGION
                or resource.region in self.region_filter)

    def _locate_then_read(self, kind: ResourceType, resource: Resource) -> None:
        """The listing did not say where the resource lives: read that first (a read like any other; on
        failure its error stays on the resource and the region is "unknown")."""
        locate = kind.locate
        self.progress.add_total(1)
        with self.clients.turn(locate.request.service or kind.service) as client:
            perform(resource, locate, client, self.clients.retry)
        resource.region = resource.config.pop(locate.key, None) or "unknown"
        self.progress.advance()
        self._read_if_wanted(kind, resource)

    def read_all(self, kind: ResourceType, resource: Resource) -> None:
        """Submit the resource's reads in waves: a read that `needs` other keys waits for them."""
        if kind.listing is None:
            self.progress.add_total(len(kind.reads))
        self._wave(kind, resource, self._waves_of(kind), 0)

    def _waves_of(self, kind: ResourceType) -> list[list[Read]]:
        key = (kind.type, tuple(read.key for read in kind.reads))   # a kind's part (within) has fewer reads
        found = self._waves.get(key)
        if found is None:
            try:
                found = self._waves[key] = read_waves(kind.reads)
            except ValueError as exc:
                raise RuntimeError(f"{kind.type}: {exc}") from None
        return found

    def _wave(self, kind: ResourceType, resource: Resource, waves: list[list[Read]], index: int) -> None:
        while index < len(waves):
            wave = []
            for read in waves[index]:
                unread = [key for key in read.needs if key in resource.errors]
                if unread:
                    resource.skip(read.key, f"not read: it depends on {', '.join(unread)}, which could not be read")
                elif read.applies is not None and not read.applies(resource):
                    resource.skip(read.key, read.moot)   # moot: no verdict can depend on it
                elif read.none_when is not None and read.none_when(resource):
                    resource.record(read.key, None)      # the resource cannot have it
                else:
                    wave.append(read)
                    continue
                self.progress.advance()
            if wave:
                remaining = _Countdown(len(wave))
                for read in wave:
                    self.pool.submit(self._read, kind, resource, read, waves, index, remaining)
                return
            index += 1

    def _read(self, kind: ResourceType, resource: Resource, read: Read, waves: list[list[Read]], index: int,
              remaining: "_Countdown", retry_later: bool = True) -> None:
        region = None if resource.region in NOT_A_REGION else resource.region
        with self.clients.turn(read.request.service or kind.service, region) as client:
            perform(resource, read, client, self.clients.retry)
        self.progress.advance()
        failure = resource.errors.get(read.key)
        if retry_later and failure is not None and transient(failure.code):
            with self._lock:
                self._failed_reads.append((kind, resource, read, waves, index))
        if remaining.done():
            self._wave(kind, resource, waves, index + 1)


def unit_of(kind: ResourceType, read: Read | None = None) -> str:
    """The service whose client a regional listing (or a scope resource's read) uses: with the region, the unit
    that processes share out."""
    return (read.request.service if read is not None else "") or kind.service


def within(kind: ResourceType, region: str, units: frozenset[tuple[str, str]]) -> ResourceType | None:
    """What of a regional kind is in `units` in `region`: a listed kind whole (by its service) or not at all; of a
    scope resource's reads, those of the services in `units` there (they need none of each other's keys)."""
    if kind.listing is not None:
        return kind if (unit_of(kind), region) in units else None
    reads = tuple(read for read in kind.reads if (unit_of(kind, read), region) in units)
    if len(reads) == len(kind.reads):
        return kind
    kept = {read.key for read in reads}
    if any(need not in kept for read in reads for need in read.needs):
        raise RuntimeError(f"{kind.type}: a read needs another service's key, so its reads cannot be shared out")
    return dataclasses.replace(kind, reads=reads) if reads else None


class _Countdown:
    def __init__(self, count: int):
        self._count = count
        self._lock = threading.Lock()

    def done(self) -> bool:
        """Count one down; True for the last one."""
        with self._lock:
            self._count -= 1
            return self._count == 0
