"""Collect an AWS account into a Snapshot: one generic walk of the declared services over
(account x enabled region), reads only, on a bounded pool of threads.

No service is special here: what to list, what to keep and what to read comes from
srmscan.providers.aws.services. A listing that fails is recorded against its service and region (the
scan is then incomplete); a read that fails is recorded on exactly the resource it concerns.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any, Callable

import botocore.exceptions

from srmscan.concurrency import TaskGroup, TaskPool
from srmscan.errors import SrmscanError
from srmscan.model import ScanMetadata, Snapshot
from srmscan.providers.aws.target import AwsTarget
from srmscan.providers.aws.calls import FAILURES, error_of
from srmscan.providers.aws.services import SERVICES, kinds, resource_types, uses_regions
from srmscan.providers.aws.retry import through_garbled_answers
from srmscan.providers.aws.session import AwsClients
from srmscan.providers.aws.declare import GLOBAL
from srmscan.providers.aws.walker import Walker, unit_of
from srmscan.providers.declare import ResourceType
from srmscan.providers.aws.workers import EXPECTED_REGIONS, WorkerProcesses

CREDENTIAL_ERRORS = tuple(getattr(botocore.exceptions, name) for name in (
    "NoCredentialsError", "PartialCredentialsError", "CredentialRetrievalError", "SSOError",
    "TokenRetrievalError", "UnauthorizedSSOTokenError") if hasattr(botocore.exceptions, name))
BAD_CREDENTIAL_CODES = {"InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
                        "UnrecognizedClientException", "InvalidAccessKeyId"}
ENABLED_REGIONS = [{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}]


def collect_account(target: AwsTarget, progress) -> Snapshot:
    """The account of the caller's credentials."""
    if target.shard is not None:
        raise SrmscanError("--shard shares out accounts: use it with --org or --account")
    started = time.monotonic()
    clients = AwsClients(target.profile, target.endpoint_url, target.max_workers, target.max_attempts,
                         target.retry_budget)
    selected = kinds(target.services or SERVICES)
    # forked before any thread starts; they are told their services now, their regions once known
    workers = WorkerProcesses(target, target.processes, progress) if target.processes > 1 else None
    with TaskPool(target.max_workers) as pool:
        asking, regions, regional = pool.group(), [], uses_regions(selected)
        clients.prepare([("sts", None)] + [("ec2", None)] * regional)   # before the CPU is shared
        for service, start in head_starts(selected):   # in a group nothing waits for
            pool.group().submit(give_head_start, clients, service, start)
        if regional:   # the regions, while the account is identified
            asking.submit(lambda: regions.append(ask_regions(clients)))
        # the first listings' clients, made meanwhile, in a group nothing waits for: a client that cannot be made
        # fails again, and is reported, where it is used
        pool.group().submit(clients.prepare, first_clients(selected, target, workers, clients.default_region))
        identity = caller_identity(clients)
        asking.wait()
        snapshot = scan_account(clients, identity["Account"], partition_of(identity["Arn"]), target, progress, pool,
                                workers, regions[0] if regions else None)
    snapshot.metadata.scanned_by = identity["Arn"]
    snapshot.metadata.duration_seconds = round(time.monotonic() - started, 3)
    return snapshot


def head_starts(selected: tuple[ResourceType, ...]) -> list[tuple[str, Callable[[Any], None]]]:
    """(service, head start) of the selected reads that have one (srmscan.providers.aws.declare.Call)."""
    return [(read.request.service or kind.service, read.request.head_start) for kind in selected for read in kind.reads
            if getattr(read.request, "head_start", None) is not None]


def give_head_start(clients: AwsClients, service: str, start: Callable[[Any], None]) -> None:
    try:
        start(clients.client(service))
    except FAILURES:   # dropped: the read asks again, and records the failure if it fails too
        pass


def partition_of(arn: str) -> str:
    return arn.split(":")[1] if arn.startswith("arn:") else "aws"


def scan_account(clients: AwsClients, account_id: str, partition: str, target: AwsTarget, progress,
                 tasks: TaskGroup, workers: WorkerProcesses | None = None, regions_answer=None) -> Snapshot:
    """One account, through `clients`, its reads submitted to `tasks` (threads shared with other accounts
    in an organisation scan), its regional listings and listed resources shared with `workers`;
    `regions_answer`: ask_regions's, when asked already."""
    snapshot = Snapshot(provider="aws")
    services = target.services or SERVICES
    selected = kinds(services)
    walker = Walker(clients, tasks, snapshot, progress, target.regions, workers)
    walker.start(selected, account_id, partition)   # global kinds (an organisation's: while the regions are asked for)
    if not uses_regions(selected):
        regions, skipped = [], []
    else:
        answer = ask_regions(clients) if regions_answer is None else regions_answer
        regions, skipped = enabled_regions(answer, clients, target.regions, snapshot, account_id)
    mine = workers.share_units(regional_units(selected, regions), global_weight(selected), account_id, partition) \
        if workers is not None else None
    walker.start_regions(selected, regions, mine)
    tasks.wait()
    walker.retry_failed()   # a last pass over what still failed transiently (throttling, 5xx, drops)
    tasks.wait()
    if workers is not None:
        gathered = workers.finish()
        snapshot.resources += gathered.read
        walker.adopt(gathered.listed)
        snapshot.errors += gathered.errors
        if gathered.orphan_units:   # a worker died: its listings are made here
            walker.start_regions(selected, sorted({region for _, region in gathered.orphan_units}),
                                 gathered.orphan_units)
        for kind, resource in gathered.orphans:   # and the resources it was sent are read here
            walker.take(kind, resource)
        tasks.wait()
        walker.retry_failed()
        tasks.wait()
    snapshot.resources.sort(key=lambda r: (r.type, r.id))
    snapshot.metadata = ScanMetadata(
        scanned_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), accounts=[account_id], regions=regions,
        endpoint_url=target.endpoint_url, services=list(services),
        collected={t: sorted(keys) for t, keys in sorted(resource_types(services).items())},
        api_requests=clients.requests.value + (workers.requests if workers else 0),
        api_retries=clients.retry.retries + (workers.retries if workers else 0),
        processes=1 + (workers.started if workers else 0),
        extra={"regions_not_enabled": skipped} if skipped else {})
    return snapshot


def regional_units(selected: tuple[ResourceType, ...], regions: list[str]) -> dict[tuple[str, str], int]:
    """(service, region) -> the weight of the listings and reads there (work_of): the units worker processes share."""
    units: dict[tuple[str, str], int] = defaultdict(int)
    for kind in selected:
        if kind.scope != GLOBAL:
            for service, weight in work_of(kind):
                for region in regions:
                    units[service, region] += weight
    return dict(units)


def work_of(kind: ResourceType) -> list[tuple[str, int]]:
    """(service, weight) of a kind's work in one scope: a listing weighs one, plus one per read of each resource it
    lists; a scope resource's reads weigh one each, under the service each is sent to."""
    if kind.listing is not None:
        return [(unit_of(kind), 1 + len(kind.reads))]
    return [(unit_of(kind, read), 1) for read in kind.reads]


def first_clients(selected: tuple[ResourceType, ...], target: AwsTarget, workers: WorkerProcesses | None,
                  default_region: str) -> list[tuple[str, str | None]]:
    """(service, region) of the clients this process lists with first: the global kinds', then, in the first region
    asked for (or the default one), the regional services it will keep (all, or those plan_services leaves it)."""
    region = target.regions[0] if target.regions else default_region
    # weighed over the regions asked for, or as many as an account has by default (only their number counts)
    expected = regional_units(selected, list(target.regions) or [str(n) for n in range(EXPECTED_REGIONS)])
    mine = workers.plan_services(expected, global_weight(selected), region) if workers is not None else None
    regional = sorted({service for service, _region in expected})
    return list(dict.fromkeys([(kind.service, None) for kind in selected if kind.scope == GLOBAL and kind.listing]
                              + [(service, region) for service in regional if mine is None or service in mine]))


def global_weight(selected: tuple[ResourceType, ...]) -> int:
    """The global kinds' weight (work_of), which the scanning process carries besides its units."""
    return sum(weight for kind in selected if kind.scope == GLOBAL for _service, weight in work_of(kind))


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


def ask_regions(clients: AwsClients):
    """DescribeRegions' answer (the enabled regions), or the failure that kept it (enabled_regions records it)."""
    try:
        ec2 = clients.client("ec2")
        return through_garbled_answers(clients.retry, lambda: ec2.describe_regions(AllRegions=True,
                                                                                   Filters=ENABLED_REGIONS))
    except FAILURES as exc:
        return exc


def enabled_regions(answer, clients: AwsClients, wanted: tuple[str, ...], snapshot: Snapshot,
                    account: str) -> tuple[list[str], list[str]]:
    """The account's enabled regions from ask_regions's `answer` (narrowed to `wanted`), and the wanted ones that
    are not enabled."""
    if isinstance(answer, Exception):
        snapshot.record_error("ec2:DescribeRegions", error_of(answer), account)
        return list(wanted) or [clients.default_region], []
    enabled = sorted(r["RegionName"] for r in answer.get("Regions", []))
    if not wanted:
        return enabled, []
    return [r for r in wanted if r in enabled], [r for r in wanted if r not in enabled]
