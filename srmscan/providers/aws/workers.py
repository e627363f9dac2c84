"""Worker processes, so that a scan uses every core.

botocore spends about 2 ms of CPU on each request (signing, parsing) and 5-12 ms making each client, so one
process tops out at one core whatever its thread count. Two kinds of work are shared out between this process
and `count - 1` worker processes, each doing its share with its own clients and thread pool exactly as this
process would (locate, waves, skips, the final retry pass) and sending the resources back when told the
scan's listing is over:

- the regional listings, by (service, region) unit (share_out): whole services where they balance, so that
  each process makes only its own services' clients; this process keeps the global kinds and a share;
- listed resources, round-robin (S3's buckets are one global listing): from the first one when the workers
  were forked at once, else once this process has listed LOCAL_FIRST of them.

Checks see the same snapshot either way.

When the scan starts with no other thread running (no progress bar), the workers are forked at once:
they share this process's loaded modules page for page and cost a few milliseconds. Otherwise (a
thread could hold a lock a fork would copy locked) they start only once a scan has listed LOCAL_FIRST
resources, from a fork server (a fresh process that has imported boto3 once), and the regional listings
stay here unless a worker has started by the time the regions are known. A worker that dies (killed, out
of memory) loses nothing: its share is listed and read again here.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import threading
import time
import traceback
from collections import defaultdict

from srmscan.model import CollectionError, Resource

EXPECTED_REGIONS = 17  # regions an AWS account has enabled by default: what plan_services weighs before they are known
LOCAL_FIRST = 100     # resources read in this process before a worker is started from the fork server
BATCH = 64            # resources sent to a worker at a time
PROGRESS_EVERY = 0.2  # seconds between a worker's progress reports


def share_out(units: dict[tuple[str, str], int], processes: int, here: int = 0) -> list[frozenset[tuple[str, str]]]:
    """The (service, region) `units`, each weighed by the listings and reads it holds, shared out between
    `processes`, this one first (already loaded with `here`): the largest first, each to the least loaded
    process (ties: the earliest). Whole services, each with all its regions, when no service outweighs a
    process's fair share, so that each process makes its own services' clients only; otherwise unit by unit."""
    by_service: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for unit in sorted(units):
        by_service[unit[0]].append(unit)
    weight = lambda group: sum(units[unit] for unit in group)   # noqa: E731
    fair = (here + sum(units.values())) / processes
    whole = all(weight(group) <= fair for group in by_service.values())
    groups = list(by_service.values()) if whole else [[unit] for unit in sorted(units)]
    loads, shares = [here] + [0] * (processes - 1), [set() for _ in range(processes)]
    for group in sorted(groups, key=lambda group: (-weight(group), group)):
        least = loads.index(min(loads))
        shares[least].update(group)
        loads[least] += weight(group)
    return [frozenset(share) for share in shares]


def read_share(connection, target, environment: dict[str, str]) -> None:
    """A worker process: list the units it is sent and read the resources it is sent, return them when sent
    None. `environment` is the scanning process's AWS_* settings (the fork server's may be older)."""
    from srmscan.concurrency import TaskPool, quiet_collector
    from srmscan.model import Snapshot
    from srmscan.providers.aws.walker import Walker
    from srmscan.providers.aws.services import SERVICES, kinds
    from srmscan.providers.aws.session import AwsClients

    parent = os.getppid()
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        del os.environ[name]
    os.environ.update(environment)
    sending = threading.Lock()
    try:
        progress = _Relay(connection, sending)
        clients = AwsClients(target.profile, target.endpoint_url, target.max_workers, target.max_attempts,
                             target.retry_budget)
        by_type = {kind.type: kind for kind in kinds(SERVICES)}
        sent: set[int] = set()   # the resources sent to be read, as against those listed here
        with TaskPool(target.max_workers) as pool, quiet_collector():
            walker = Walker(clients, pool, Snapshot(provider="aws"), progress, target.regions)
            while (message := _next_batch(connection, parent)) is not None:
                if isinstance(message, Services):   # their clients made while the regions are asked for
                    pool.group().submit(clients.prepare, [(service, message.region) for service in message.services])
                    continue
                if isinstance(message, Units):
                    walker.enter(message.account, message.partition)
                    walker.start_regions(kinds(target.services or SERVICES), message.regions, message.units)
                    continue
                with pool.follow_ups():   # listed already: before this process's own listings
                    for kind_type, resource in message:
                        sent.add(id(resource))
                        walker.take(by_type[kind_type], resource)
            pool.wait()
            walker.retry_failed()
            pool.wait()
        progress.flush()
        resources = walker.snapshot.resources
        answer = ("done", [r for r in resources if id(r) in sent], [r for r in resources if id(r) not in sent],
                  walker.snapshot.errors, clients.requests.value, clients.retry.retries)
    except EOFError:      # the scanning process is gone
        return
    except BaseException as exc:  # a bug: the scanning process reports it as its own
        where = traceback.extract_tb(exc.__traceback__)[-1]
        answer = ("failed", f"{type(exc).__name__}: {exc} at {os.path.basename(where.filename)}:{where.lineno}",
                  traceback.format_exc())
    with sending:
        connection.send(answer)


def _next_batch(connection, parent: int):
    """The next batch, None at the end; EOFError once the scanning process (`parent`, or the fork server
    that dies with it) is gone. A forked worker holds copies of the scanning side's pipe ends too, so
    their closing is not seen: the parent is watched instead."""
    while not connection.poll(1.0):
        if os.getppid() != parent:
            raise EOFError("the scanning process is gone")
    return connection.recv()


@dataclasses.dataclass(frozen=True)
class Services:
    """The services a worker will list (in every region), told before the regions are known."""

    services: tuple[str, ...]
    region: str   # where to make their clients ahead


@dataclasses.dataclass(frozen=True)
class Units:
    """A worker's share of the regional listings."""

    account: str
    partition: str
    units: frozenset[tuple[str, str]]

    @property
    def regions(self) -> list[str]:
        return sorted({region for _service, region in self.units})


@dataclasses.dataclass
class Gathered:
    """What the workers did, once every listing is over."""

    read: list[Resource] = dataclasses.field(default_factory=list)     # resources sent to them, read
    listed: list[Resource] = dataclasses.field(default_factory=list)   # resources of their units (walker.adopt)
    errors: list[CollectionError] = dataclasses.field(default_factory=list)   # their failed listings
    orphans: list[tuple] = dataclasses.field(default_factory=list)   # (kind, resource) sent to a worker that died
    orphan_units: frozenset[tuple[str, str]] = frozenset()           # units of a worker that died


class _Relay:
    """A worker's progress, passed on to the scanning process's bar a few times a second."""

    def __init__(self, connection, sending: threading.Lock):
        self._connection, self._sending = connection, sending
        self._lock = threading.Lock()
        self._total = self._done = 0
        self._sent_at = time.monotonic()

    def add_total(self, count: int) -> None:
        self._count(count, 0)

    def advance(self, count: int = 1) -> None:
        self._count(0, count)

    def _count(self, total: int, done: int) -> None:
        with self._lock:
            self._total += total
            self._done += done
            if time.monotonic() - self._sent_at < PROGRESS_EVERY:
                return
        self.flush()

    def flush(self) -> None:
        with self._lock:
            counts, self._total, self._done = (self._total, self._done), 0, 0
            self._sent_at = time.monotonic()
        if counts != (0, 0):
            with self._sending:
                self._connection.send(("progress", *counts))


class WorkerProcesses:
    """The scanning process's side: shares out resources, gathers them back."""

    def __init__(self, target, count: int, progress):
        self.target, self.progress = target, progress
        self._slots: list[_Worker | None] = [None] * (count - 1)
        self._offered = 0
        self._planned: list[frozenset[str]] | None = None   # each process's services (plan_services)
        self._lock = threading.Lock()
        self.requests = self.retries = 0
        self._forked = _fork_is_safe()
        if self._forked:   # fork now, sharing this process's loaded modules page for page
            context = multiprocessing.get_context("fork")
            self._slots = [_Worker(target, progress, context) for _ in self._slots]
            for worker in self._slots:
                worker.listen()

    def plan_services(self, units: dict[tuple[str, str], int], here: int, region: str) -> frozenset[str] | None:
        """Before the regions are known (`units` over the regions expected): whole services for each running
        worker, whose clients it makes in `region` meanwhile; this process's services, or None (no worker runs,
        or a service outweighs a fair share: share_units then shares by unit)."""
        running = self._started()
        if not running:
            return None
        services = [frozenset(service for service, _region in share)
                    for share in share_out(units, len(running) + 1, here)]
        if sum(map(len, services)) != len(frozenset().union(*services)):   # a service shared by region
            return None
        self._planned = services
        for worker, share in zip(running, services[1:]):
            worker.give(Services(tuple(sorted(share)), region))
        return services[0]

    def share_units(self, units: dict[tuple[str, str], int], here: int, account: str,
                    partition: str) -> frozenset[tuple[str, str]] | None:
        """Send each running worker its share of the regional (service, region) `units`: by the services planned
        if they were (plan_services), else see share_out; this process's share, or None (all of them) when no
        worker runs yet (none was forked at once)."""
        running = self._started()
        if not running:
            return None
        if self._planned is not None and len(self._planned) == len(running) + 1:
            mine, *theirs = [frozenset(unit for unit in units if unit[0] in services) for services in self._planned]
            mine |= frozenset(units).difference(*theirs)   # none, unless the plan missed a service
        else:
            mine, *theirs = share_out(units, len(running) + 1, here)
        for worker, share in zip(running, theirs):
            worker.give(Units(account, partition, share))
        return mine

    def offer(self, kind, resource: Resource) -> bool:
        """Hand a listed resource to a worker (True), or leave it to this process (False)."""
        with self._lock:
            self._offered += 1
            turn = self._offered % (len(self._slots) + 1)
            if turn == 0 or (self._offered <= LOCAL_FIRST and not self._forked):
                return False
            worker = self._slots[turn - 1]
            if worker is None:
                worker = self._slots[turn - 1] = _Worker(self.target, self.progress, _server_context())
                worker.listen()
        worker.add(kind, resource)
        return True

    def flush(self) -> None:
        """A listing ended: send what is waiting, so no worker idles on a half-full batch."""
        for worker in self._started():
            worker.flush()

    def finish(self) -> Gathered:
        """Every listing here is done: what the workers read and listed, and the shares of any worker that
        died, to be done by this process."""
        workers = self._started()
        for worker in workers:
            worker.close()
        gathered = Gathered()
        for worker in workers:
            answer = worker.result()
            if answer is None:
                gathered.orphans += worker.sent
                gathered.orphan_units |= worker.units
            elif answer[0] == "failed":
                failure = RuntimeError(f"a worker process failed: {answer[1]}")
                failure.add_note(f"the worker's traceback:\n{answer[2]}")   # shown with --debug
                raise failure
            else:
                _, read, listed, errors, requests, retries = answer
                gathered.read += read
                gathered.listed += listed
                gathered.errors += errors
                self.requests += requests
                self.retries += retries
        return gathered

    @property
    def started(self) -> int:
        return len(self._started())

    def _started(self) -> list["_Worker"]:
        with self._lock:
            return [worker for worker in self._slots if worker is not None]


def _fork_is_safe() -> bool:
    """Forking copies only the calling thread: safe while no other thread exists that could hold a lock
    (the case when a scan starts without a progress bar); otherwise workers come from a fork server."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _server_context():
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload([__name__, "srmscan.providers.aws.walker"])
    return context


class _Worker:
    def __init__(self, target, progress, context):
        self._connection, child = context.Pipe()
        environment = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}
        self._process = context.Process(target=read_share, args=(child, target, environment), daemon=True,
                                         name="srmscan-aws-reader")
        self._process.start()
        child.close()
        self.progress = progress
        self.sent: list[tuple] = []
        self.units: frozenset[tuple[str, str]] = frozenset()
        self._batch: list[tuple] = []
        self._lock = threading.Lock()
        self._answer = None
        self._listener = threading.Thread(target=self._listen, daemon=True, name="srmscan-worker-listener")

    def listen(self) -> None:
        """Take the worker's progress reports and its answer (a thread: start it once every worker of a
        fork has been started)."""
        self._listener.start()

    def add(self, kind, resource: Resource) -> None:
        with self._lock:
            self.sent.append((kind, resource))
            self._batch.append((kind.type, resource))
            if len(self._batch) >= BATCH:
                self._send_batch()

    def give(self, share: Services | Units) -> None:
        with self._lock:
            if isinstance(share, Units):
                self.units = share.units
            self._send(share)

    def flush(self) -> None:
        with self._lock:
            self._send_batch()

    def close(self) -> None:
        with self._lock:
            self._send_batch()
            self._send(None)

    def _send_batch(self) -> None:
        if self._batch:
            self._send(self._batch)
            self._batch = []

    def _send(self, message) -> None:
        try:
            self._connection.send(message)
        except OSError:   # the worker died: result() says so and its share is read again
            pass

    def _listen(self) -> None:
        while True:
            try:
                message = self._connection.recv()
            except (EOFError, OSError):
                return
            if message[0] == "progress":
                self.progress.add_total(message[1])
                self.progress.advance(message[2])
            else:
                self._answer = message
                return

    def result(self):
        """The worker's answer, or None if it died without one."""
        self._listener.join()
        self._process.join()
        self._connection.close()
        return self._answer
