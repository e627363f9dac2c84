"""Collect an AWS account into a Snapshot: one generic walk of the declared services over
(account x enabled region), reads only, on a bounded pool of threads.

No service is special here: what to list, what to keep and what to read comes from
srmscan.providers.aws.services. A listing that fails is recorded against its service and region (the
scan is then incomplete); a read that fails is recorded on exactly the resource it concerns.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

import botocore.exceptions

from srmscan.concurrency import TaskGroup, TaskPool
from srmscan.errors import SrmscanError
from srmscan.model import Resource, Snapshot
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.calls import FAILURES, error_code, error_of, list_items, perform
from srmscan.providers.aws.reads import ACCOUNT_TYPE, GLOBAL, READ_AT_KEY, REGION_TYPE, Kind, Read, Scope
from srmscan.providers.aws.services import SERVICES, kinds, resource_types, uses_regions
from srmscan.providers.aws.retry import through_garbled_answers, transient
from srmscan.providers.aws.session import AwsClients
from srmscan.providers.aws.workers import WorkerProcesses

CREDENTIAL_ERRORS = tuple(getattr(botocore.exceptions, name) for name in (
    "NoCredentialsError", "PartialCredentialsError", "CredentialRetrievalError", "SSOError",
    "TokenRetrievalError", "UnauthorizedSSOTokenError") if hasattr(botocore.exceptions, name))
BAD_CREDENTIAL_CODES = {"InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
                        "UnrecognizedClientException", "InvalidAccessKeyId"}
# A service that is not offered in a region, or not subscribed: no resources there, not a failure.
NOT_AVAILABLE_CODES = frozenset({"OptInRequired", "SubscriptionRequiredException", "UnsupportedOperation"})
ENABLED_REGIONS = [{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}]
NOT_A_REGION = ("", "global", "unknown")


def collect_account(target: AwsTarget, progress) -> Snapshot:
    """The account of the caller's credentials."""
    if target.shard is not None:
        raise SrmscanError("--shard shares out accounts: use it with --org or --account")
    started = time.monotonic()
    clients = AwsClients(target.profile, target.endpoint_url, target.max_workers, target.max_attempts,
                         target.retry_budget)
    identity = caller_identity(clients)
    with TaskPool(target.max_workers) as pool:
        snapshot = scan_account(clients, identity["Account"], partition_of(identity["Arn"]), target, progress, pool,
                                target.processes)
    snapshot.metadata["scanned_by"] = identity["Arn"]
    snapshot.metadata["duration_seconds"] = round(time.monotonic() - started, 3)
    return snapshot


def partition_of(arn: str) -> str:
    return arn.split(":")[1] if arn.startswith("arn:") else "aws"


def scan_account(clients: AwsClients, account_id: str, partition: str, target: AwsTarget, progress,
                 tasks: TaskGroup, processes: int = 1) -> Snapshot:
    """One account, through `clients`, its reads submitted to `tasks` (threads shared with other accounts
    in an organisation scan), its listed resources shared out to `processes - 1` worker processes."""
    snapshot = Snapshot(provider="aws")
    services = target.services or SERVICES
    selected = kinds(services)
    regions, skipped = (enabled_regions(clients, target.regions, snapshot, account_id) if uses_regions(selected)
                        else ([], []))
    workers = WorkerProcesses(target, processes, progress) if processes > 1 else None
    walker = Walker(clients, tasks, snapshot, progress, target.regions, workers)
    walker.start(selected, account_id, partition, regions)
    tasks.wait()
    walker.retry_failed()   # a last pass over what still failed transiently (throttling, 5xx, drops)
    tasks.wait()
    if workers is not None:
        read_elsewhere, orphans = workers.finish()
        snapshot.resources += read_elsewhere
        for kind, resource in orphans:   # a worker died: read its share here
            walker.take(kind, resource)
        tasks.wait()
        walker.retry_failed()
        tasks.wait()
    snapshot.resources.sort(key=lambda r: (r.type, r.id))
    snapshot.metadata = {
        "scanned_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "accounts": [account_id],
        "regions": regions,
        "services": list(services),
        # What this scan asked for: checks needing anything else do not apply to it (--service).
        "collected": {t: sorted(keys) for t, keys in sorted(resource_types(services).items())},
        "endpoint_url": target.endpoint_url,
        "api_requests": clients.requests.value + (workers.requests if workers else 0),
        "api_retries": clients.retry.retries + (workers.retries if workers else 0),
        "processes": 1 + (workers.started if workers else 0),
    }
    if skipped:
        snapshot.metadata["regions_not_enabled"] = skipped
    return snapshot


def caller_identity(clients: AwsClients) -> dict:
    sts = clients.client("sts")
    try:
        return through_garbled_answers(clients.retry, sts.get_caller_identity)
    except CREDENTIAL_ERRORS as exc:
        raise SrmscanError(f"no usable AWS credentials ({type(exc).__name__}): set AWS_PROFILE or pass --profile, "
                           "or run `aws sso login` / `aws configure`") from None
    except botocore.exceptions.ClientError as exc:
        error = error_of(exc)
        operation = getattr(exc, "operation_name", "")
        if operation.startswith("AssumeRole"):  # raised while botocore resolved the profile's credentials
            raise SrmscanError(f"could not get credentials for profile {clients.profile or '(default)'}: "
                               f"sts:{operation} failed ({error.code}: {error.message}); check the role's "
                               "trust policy, external_id and source credentials") from None
        if error.code in BAD_CREDENTIAL_CODES:
            raise SrmscanError(f"AWS rejected the credentials ({error.code}): refresh them or pick another "
                               "--profile") from None
        raise SrmscanError(f"cannot identify the AWS account (sts:GetCallerIdentity: {error.code}); "
                           "allow sts:GetCallerIdentity for this identity") from None
    except botocore.exceptions.EndpointConnectionError as exc:
        raise SrmscanError(f"cannot reach AWS ({exc}); check the network or --endpoint-url") from None
    except FAILURES as exc:   # the service kept failing (throttling, 5xx, dropped connections) past every attempt
        error = error_of(exc)
        raise SrmscanError(f"cannot identify the AWS account: sts:GetCallerIdentity kept failing ({error.code}); "
                           "try again later or raise --max-attempts") from None


def enabled_regions(clients: AwsClients, wanted: tuple[str, ...], snapshot: Snapshot,
                    account: str) -> tuple[list[str], list[str]]:
    """The account's enabled regions (narrowed to `wanted`), and the wanted ones that are not enabled."""
    try:
        ec2 = clients.client("ec2")
        answer = through_garbled_answers(clients.retry, lambda: ec2.describe_regions(AllRegions=True,
                                                                                     Filters=ENABLED_REGIONS))
        enabled = sorted(r["RegionName"] for r in answer.get("Regions", []))
    except FAILURES as exc:
        snapshot.record_error("ec2:DescribeRegions", error_of(exc), account)
        return list(wanted) or [clients.default_region], []
    if not wanted:
        return enabled, []
    return [r for r in wanted if r in enabled], [r for r in wanted if r not in enabled]


def listing_scope(kind: Kind, scope: Scope) -> str:
    """How a failed listing is named in the snapshot's collection errors: its IAM action and region."""
    return kind.listing.permission + (f" in {scope.region}" if scope.region else "")


class Walker:
    """Lists each kind in each of its scopes and reads each resource, as pool tasks."""

    def __init__(self, clients: AwsClients, pool: TaskGroup, snapshot: Snapshot, progress, region_filter: tuple[str, ...],
                 workers=None):
        self.clients, self.pool, self.snapshot, self.progress = clients, pool, snapshot, progress
        self.region_filter = region_filter
        self.workers = workers   # a WorkerProcesses sharing out listed resources, or None: all read here
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._scope_resources: dict[str | None, Resource] = {}
        self._waves: dict[str, list[list[Read]]] = {}
        self._failed_listings: list[tuple[Kind, Scope]] = []
        self._failed_reads: list[tuple] = []

    def retry_failed(self) -> None:
        """Once more, whatever failed transiently after all its attempts: listings, then reads."""
        listings, self._failed_listings = self._failed_listings, []
        reads, self._failed_reads = self._failed_reads, []
        for kind, scope in listings:
            owner = self._scope_resources[scope.region]
            owner.errors.pop(kind.listed_key, None)
            self.snapshot.errors[:] = [e for e in self.snapshot.errors if e.scope != listing_scope(kind, scope)]
            self.pool.submit(self.list_kind, kind, scope, False)
        for kind, resource, read, waves, index in reads:
            resource.errors.pop(read.key, None)
            self.progress.add_total(1)
            self.pool.submit(self._read, kind, resource, read, waves, index, _Countdown(1), False)

    def start(self, all_kinds: tuple[Kind, ...], account: str, partition: str, regions: list[str]) -> None:
        self._scope_resources[None] = self._add(Resource("aws", ACCOUNT_TYPE, f"arn:{partition}:iam::{account}:root",
                                                         account, account, "global"))
        # The reference clock for age checks (keys, passwords, certificates): when the account was read.
        self._scope_resources[None].record(READ_AT_KEY, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        for region in regions:
            self._scope_resources[region] = self._add(Resource("aws", REGION_TYPE, f"arn:{partition}:ec2:{region}:"
                                                               f"{account}:region/{region}", region, account, region))
        for kind in all_kinds:
            for region in ([None] if kind.scope == GLOBAL else regions):
                scope = Scope(account, partition, region)
                if kind.listing is None:
                    self.read_all(kind, self._scope_resources[region])
                else:
                    self.pool.submit(self.list_kind, kind, scope)

    def _add(self, resource: Resource) -> Resource:
        self.snapshot.resources.append(resource)
        return resource

    def list_kind(self, kind: Kind, scope: Scope, retry_later: bool = True) -> None:
        listing = kind.listing
        owner = self._scope_resources[scope.region]
        self.progress.add_total(1)
        try:
            entries = list_items(self.clients.client(kind.service, scope.region), listing, self.clients.retry)
        except FAILURES as exc:
            if error_code(exc) in listing.absent | NOT_AVAILABLE_CODES:
                owner.record(kind.listed_key, 0)
            else:
                error = error_of(exc)
                owner.record_error(kind.listed_key, error)
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
            region = (kind.region_of(entry) if kind.region_of else None) or scope.region or ""
            resource = Resource("aws", kind.type, resource_id, name, scope.account, region,
                                config={key: field(entry) for key, field in kind.fields.items()})
            self.progress.add_total(len(kind.reads))
            if self.workers is None or not self.workers.offer(kind, resource):
                self.take(kind, resource)
        if self.workers is not None:
            self.workers.flush()
        owner.record(kind.listed_key, count)

    def take(self, kind: Kind, resource: Resource) -> None:
        """A listed resource: find out where it lives if the listing did not say, then read it."""
        if not resource.region and kind.locate is not None:
            self.pool.submit(self._locate_then_read, kind, resource)
        else:
            self._read_if_wanted(kind, resource)

    def _read_if_wanted(self, kind: Kind, resource: Resource) -> None:
        if self._in_filter(kind, resource):
            self._add(resource)
            self.read_all(kind, resource)
        else:
            self.progress.advance(len(kind.reads))

    def _in_filter(self, kind: Kind, resource: Resource) -> bool:
        """Regional kinds are only listed in the chosen regions; a global listing's resources that live
        in a region (S3 buckets) are kept when that region is chosen."""
        return (kind.scope != GLOBAL or not self.region_filter or resource.region in NOT_A_REGION
                or resource.region in self.region_filter)

    def _locate_then_read(self, kind: Kind, resource: Resource) -> None:
        """The listing did not say where the resource lives: read that first (a read like any other; on
        failure its error stays on the resource and the region is "unknown")."""
        locate = kind.locate
        self.progress.add_total(1)
        perform(resource, locate, self.clients.client(locate.service or kind.service), self.clients.retry)
        resource.region = resource.config.pop(locate.key, None) or "unknown"
        self.progress.advance()
        self._read_if_wanted(kind, resource)

    def read_all(self, kind: Kind, resource: Resource) -> None:
        """Submit the resource's reads in waves: a read that `needs` other keys waits for them."""
        if kind.listing is None:
            self.progress.add_total(len(kind.reads))
        self._wave(kind, resource, self._waves_of(kind), 0)

    def _waves_of(self, kind: Kind) -> list[list[Read]]:
        waves = self._waves.get(kind.type)
        if waves is None:
            waves, done, pending = [], set(), list(kind.reads)
            while pending:
                ready = [r for r in pending if set(r.needs) <= done]
                if not ready:
                    raise RuntimeError(f"{kind.type}: reads need keys nobody reads: {[r.key for r in pending]}")
                waves.append(ready)
                done |= {r.key for r in ready}
                pending = [r for r in pending if r not in ready]
            self._waves[kind.type] = waves
        return waves

    def _wave(self, kind: Kind, resource: Resource, waves: list[list[Read]], index: int) -> None:
        while index < len(waves):
            wave = []
            for read in waves[index]:
                unread = [key for key in read.needs if key in resource.errors]
                if unread:
                    resource.skip(read.key, f"not read: it depends on {', '.join(unread)}, which could not be read")
                elif read.applies is not None and not read.applies(resource):
                    resource.skip(read.key, read.moot)   # moot: no verdict can depend on it
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

    def _read(self, kind: Kind, resource: Resource, read: Read, waves: list[list[Read]], index: int,
              remaining: "_Countdown", retry_later: bool = True) -> None:
        region = None if resource.region in NOT_A_REGION else resource.region
        perform(resource, read, self.clients.client(read.service or kind.service, region), self.clients.retry)
        self.progress.advance()
        failure = resource.errors.get(read.key)
        if retry_later and failure is not None and transient(failure.code):
            with self._lock:
                self._failed_reads.append((kind, resource, read, waves, index))
        if remaining.done():
            self._wave(kind, resource, waves, index + 1)


class _Countdown:
    def __init__(self, count: int):
        self._count = count
        self._lock = threading.Lock()

    def done(self) -> bool:
        """Count one down; True for the last one."""
        with self._lock:
            self._count -= 1
            return self._count == 0
