"""Worker processes (srmscan.providers.aws.workers) against moto's server: a worker that dies loses
nothing, a worker that fails is an internal error, and cgroup limits bound the default process count.
(That workers collect exactly what one process does is proven on the foundations twins, in
test_aws_foundations.py.)"""

from __future__ import annotations

import re

import pytest

from srmscan import concurrency
from srmscan.model import Resource
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget, collect, workers
from srmscan.providers.aws.services.s3 import BUCKET


def listed_bucket(name: str) -> Resource:
    return Resource("aws", BUCKET.type, f"arn:aws:s3:::{name}", name, "123456789012", "us-east-1")


def test_a_worker_that_dies_hands_back_its_share_unread(moto, monkeypatch):
    monkeypatch.setattr(workers, "LOCAL_FIRST", 0)
    sharing = workers.WorkerProcesses(AwsTarget(None, (), moto, 4, processes=2), 2, NoProgress())
    kept_here = [sharing.offer(BUCKET, listed_bucket(f"b{i}")) for i in range(4)]
    assert kept_here == [True, False, True, False]   # round-robin: the worker, this process, ...
    sharing.flush()
    worker = sharing._slots[0]
    worker._process.kill()
    worker._process.join()
    mine = sharing.share_units({("sqs", "us-east-1"): 2, ("sns", "us-east-1"): 2, ("kms", "us-east-1"): 2}, 0,
                               "123456789012", "aws")
    gathered = sharing.finish()
    assert gathered.read == [] and gathered.listed == [] and gathered.errors == []
    assert [resource.name for _kind, resource in gathered.orphans] == ["b0", "b2"]
    assert all(resource.config == {} and not resource.errors for _kind, resource in gathered.orphans)
    assert gathered.orphan_units == {("sns", "us-east-1")} and mine == {("kms", "us-east-1"), ("sqs", "us-east-1")}


def test_a_worker_that_fails_is_an_internal_error_naming_the_cause(moto, monkeypatch):
    monkeypatch.setattr(workers, "LOCAL_FIRST", 0)

    class UnknownKind:
        type = "aws.no_such_kind"

    sharing = workers.WorkerProcesses(AwsTarget(None, (), moto, 4, processes=2), 2, NoProgress())
    assert sharing.offer(UnknownKind, listed_bucket("b0"))
    with pytest.raises(RuntimeError) as failure:
        sharing.finish()
    assert re.fullmatch(r"a worker process failed: KeyError: 'aws.no_such_kind' at workers.py:\d+", str(failure.value))
    assert "Traceback" in failure.value.__notes__[0]   # the worker's, for --debug


def test_buckets_read_by_workers_match_one_process(aws_client, moto, monkeypatch):
    s3 = aws_client("s3")
    for i in range(12):
        s3.create_bucket(Bucket=f"share-{i:02d}")
    s3.put_bucket_ownership_controls(Bucket="share-03", OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    monkeypatch.setattr(workers, "LOCAL_FIRST", 2)
    alone = collect(AwsTarget(None, ("us-east-1",), moto, 4, services=("s3",), processes=1), NoProgress())
    shared = collect(AwsTarget(None, ("us-east-1",), moto, 4, services=("s3",), processes=3), NoProgress())
    buckets = lambda snapshot: {r.name: (r.config, r.errors, r.skipped) for r in snapshot.resources  # noqa: E731
                                if r.type == BUCKET.type}
    assert len(buckets(shared)) == 12 and buckets(shared) == buckets(alone)
    assert "acl" in buckets(shared)["share-03"][2]   # the ACL skip made by whichever process read it
    assert shared.metadata.processes == 3


@pytest.mark.parametrize("cpu_max, expected", [("max 100000", 2), ("50000 100000", 1), ("150000 100000", 2),
                                               ("100000 100000", 1), ("400000 100000", 2)])
def test_default_processes_follow_the_cgroup_quota(cpu_max, expected, tmp_path, monkeypatch):
    monkeypatch.setattr(concurrency.os, "sched_getaffinity", lambda _pid: {0, 1})
    quota = tmp_path / "cpu.max"
    quota.write_text(cpu_max + "\n")
    real_open = open
    monkeypatch.setattr("builtins.open", lambda path, *a, **k: real_open(quota if path == "/sys/fs/cgroup/cpu.max"
                                                                          else path, *a, **k))
    assert concurrency.usable_cpus() == expected


def test_the_cli_forks_workers_and_reports_exactly_what_one_process_does(aws_client, moto, tmp_path):
    """In the CLI no other thread runs when the scan starts, so workers are forked (not served) and read two
    thirds of the buckets, from the first."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    from conftest import run_cli

    s3 = aws_client("s3")
    public = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{}/*"}]})

    def seed(i: int) -> None:
        s3.create_bucket(Bucket=f"fork-{i:03d}")
        if i % 9 == 0:
            s3.put_bucket_policy(Bucket=f"fork-{i:03d}", Policy=public.replace("{}", f"fork-{i:03d}"))
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(seed, range(130)))

    reports = {}
    for processes in ("1", "3"):
        out, snap = tmp_path / f"p{processes}.json", tmp_path / f"s{processes}.json"
        result = run_cli("scan", "aws", "--endpoint-url", moto, "--service", "s3", "--processes", processes,
                         "--format", "json", "--output", str(out), "--snapshot-out", str(snap), timeout=300)
        assert result.returncode == 1, result.stderr
        reports[processes] = (json.loads(out.read_text()), json.loads(snap.read_text())["metadata"])
    outcome = lambda report: sorted((f["check"]["id"], f["resource"]["id"], f["status"], f["message"])  # noqa: E731
                                    for f in report["findings"])
    assert reports["3"][1]["processes"] == 3 and reports["1"][1]["processes"] == 1
    assert outcome(reports["3"][0]) == outcome(reports["1"][0])
    assert len([f for f in reports["3"][0]["findings"] if f["status"] == "FAIL"
                and f["check"]["id"] == "aws.s3.bucket_public_access"]) == 15


def test_a_worker_whose_scanning_process_is_gone_stops_waiting():
    """A forked worker holds copies of the scanning side's pipe ends, so it cannot see them close: it
    watches its parent instead."""
    import multiprocessing
    import os

    mine, theirs = multiprocessing.Pipe()
    theirs.send(["batch"])
    assert workers._next_batch(mine, os.getppid()) == ["batch"]
    with pytest.raises(EOFError):
        workers._next_batch(mine, parent=os.getppid() + 1_000_000)   # not our parent: it is "gone"


A, B, C = "a", "b", "c"   # services
SHARE_CASES = [
    # (units {(service, region): weight}, processes, here, expected shares, this process's first)
    pytest.param({(A, "r1"): 2, (A, "r2"): 2, (B, "r1"): 2, (B, "r2"): 1, (C, "r1"): 1}, 2, 0,
                 [{(A, "r1"), (A, "r2")}, {(B, "r1"), (B, "r2"), (C, "r1")}], id="whole-services-largest-first"),
    pytest.param({(A, "r1"): 2, (A, "r2"): 2, (B, "r1"): 2, (B, "r2"): 1, (C, "r1"): 1}, 2, 4,
                 [{(B, "r1"), (B, "r2")}, {(A, "r1"), (A, "r2"), (C, "r1")}], id="global-kinds-weigh-here"),
    pytest.param({(A, "r1"): 5, (A, "r2"): 5, (B, "r1"): 1}, 2, 0,
                 [{(A, "r1"), (B, "r1")}, {(A, "r2")}], id="a-service-over-its-fair-share-goes-by-region"),
    pytest.param({(A, "r1"): 3, (B, "r1"): 3}, 2, 0, [{(A, "r1")}, {(B, "r1")}], id="tie-to-the-earliest-process"),
    pytest.param({(A, "r1"): 1, (B, "r1"): 1}, 1, 9, [{(A, "r1"), (B, "r1")}], id="one-process-keeps-all"),
    pytest.param({(A, "r1"): 1}, 3, 0, [{(A, "r1")}, set(), set()], id="more-processes-than-units"),
    pytest.param({}, 2, 0, [set(), set()], id="no-units"),
]


@pytest.mark.parametrize("units, processes, here, expected", SHARE_CASES)
def test_regional_units_are_shared_out_by_weight(units, processes, here, expected):
    shares = workers.share_out(units, processes, here)
    assert shares == expected
    assert set().union(*shares) == set(units) and sum(map(len, shares)) == len(units)   # each unit once


def test_a_share_of_a_kind_is_its_listing_whole_or_its_scope_reads_by_service():
    from srmscan.providers.aws.declare import Call
    from srmscan.providers.aws.walker import within
    from srmscan.providers.declare import Listing, Read, ResourceType

    listed = ResourceType("aws.x.thing", "x", listing=Listing(Call("ListThings"), "x:ListThings"), scope="regional")
    assert within(listed, "r1", frozenset({("x", "r1")})) is listed
    assert within(listed, "r1", frozenset({("x", "r2"), ("y", "r1")})) is None
    reads = (Read("one", Call("GetOne", service="x"), "x:GetOne"), Read("two", Call("GetTwo", service="y"), "y:GetTwo"),
             Read("three", Call("GetThree", service="y"), "y:GetThree", needs=("two",)))
    region = ResourceType("aws.region", "", reads=reads, scope="regional")
    assert within(region, "r1", frozenset({("x", "r1"), ("y", "r1")})) is region
    assert [read.key for read in within(region, "r1", frozenset({("y", "r1"), ("x", "r2")})).reads] == ["two", "three"]
    assert within(region, "r1", frozenset({("z", "r1")})) is None
    crossing = ResourceType("aws.region", "", reads=reads[:1] + (Read("four", Call("GetFour", service="y"), "y:GetFour",
                                                                       needs=("one",)),), scope="regional")
    with pytest.raises(RuntimeError, match="needs another service's key"):
        within(crossing, "r1", frozenset({("y", "r1")}))


def test_every_scope_read_needs_only_its_own_services_keys():
    """What lets the region's reads be shared out by service (walker.within): none needs another service's key."""
    from srmscan.providers.aws.services import kinds
    from srmscan.providers.aws.walker import unit_of

    for kind in kinds():
        if kind.listing is None:
            service_of = {read.key: unit_of(kind, read) for read in kind.reads}
            for read in kind.reads:
                assert all(service_of[need] == service_of[read.key] for need in read.needs), (kind.type, read.key)


def test_resources_another_process_listed_join_this_ones():
    from srmscan.model import ReadError, Snapshot
    from srmscan.providers.aws.walker import Walker

    walker = Walker(None, None, Snapshot(provider="aws"), NoProgress(), ())
    walker.enter("123456789012", "aws")
    here = walker._scope_resource("r1")
    here.record("ebs_encryption_by_default", True)
    trail = Resource("aws", "aws.cloudtrail.trail", "arn:trail", "t", "123456789012", "r1", config={"here": 1})
    walker._seen.add(trail.id)
    walker._add(trail)
    theirs = Resource("aws", "aws.region", here.id, "r1", "123456789012", "r1", config={"flow_logs": []},
                      errors={"macie": ReadError("AccessDenied", "no")}, skipped={"inspector": "moot"})
    r2 = "arn:aws:ec2:r2:123456789012:region/r2"
    elsewhere = Resource("aws", "aws.region", r2, "r2", "123456789012", "r2", config={"flow_logs": [1]})
    walker.adopt([theirs, Resource("aws", "aws.cloudtrail.trail", "arn:trail", "t", "123456789012", "r1",
                                   config={"there": 1}),
                  Resource("aws", "aws.sqs.queue", "arn:q", "q", "123456789012", "r1"), elsewhere])
    by_id = {resource.id: resource for resource in walker.snapshot.resources}
    assert len(walker.snapshot.resources) == 4 and sorted(by_id) == sorted([here.id, "arn:trail", "arn:q", r2])
    assert here.config == {"ebs_encryption_by_default": True, "flow_logs": []}
    assert list(here.errors) == ["macie"] and here.skipped == {"inspector": "moot"}
    assert by_id["arn:trail"].config == {"here": 1}   # kept once: this process's copy
    assert by_id[r2].config == {"flow_logs": [1]}   # a region only another process listed in


def test_services_planned_before_the_regions_are_known_decide_the_units_later(moto, monkeypatch):
    monkeypatch.setattr(workers, "LOCAL_FIRST", 0)
    sharing = workers.WorkerProcesses(AwsTarget(None, (), moto, 4, processes=2), 2, NoProgress())
    assert sharing.plan_services({(A, "1"): 2, (B, "1"): 2}, 0, "us-east-1") is None   # no worker runs yet
    assert sharing.offer(BUCKET, listed_bucket("b0"))   # now one does
    dominated = {(A, "1"): 9, (A, "2"): 9, (B, "1"): 1}
    assert sharing.plan_services(dominated, 0, "us-east-1") is None   # A alone outweighs a fair share
    expected = {(A, "1"): 2, (A, "2"): 2, (B, "1"): 2, (B, "2"): 1, (C, "1"): 1, (C, "2"): 1}
    assert sharing.plan_services(expected, 0, "us-east-1") == {A}
    assert sharing._planned == [{A}, {B, C}]   # the worker was told B and C
    # the regions turned out to be three: the units follow the services planned
    units = {(service, region): 1 for service in (A, B, C) for region in ("r1", "r2", "r3")}
    mine = sharing.share_units(units, 0, "123456789012", "aws")
    assert mine == {(A, "r1"), (A, "r2"), (A, "r3")}
    assert sharing._slots[0].units == {(s, r) for s in (B, C) for r in ("r1", "r2", "r3")}
    gathered = sharing.finish()
    assert [resource.name for resource in gathered.read] == ["b0"] and gathered.orphan_units == frozenset()


def test_the_first_clients_are_the_global_kinds_then_the_regional_services_kept_here():
    from srmscan.providers.aws.collector import first_clients, regional_units
    from srmscan.providers.aws.services import kinds

    selected = kinds(("iam", "s3", "sqs", "kms"))
    alone = first_clients(selected, AwsTarget(None, ("eu-west-1", "us-east-1"), None, 4), None, "us-east-2")
    assert alone == [("s3", None), ("iam", None), ("kms", "eu-west-1"), ("sqs", "eu-west-1")]
    assert {service for service, region in alone if region} == {s for s, _ in regional_units(selected, ["x"])}
    assert all(region == "eu-west-1" for _, region in alone if region)   # the first region asked for
    default = first_clients(selected, AwsTarget(None, (), None, 4), None, "us-east-2")
    assert all(region == "us-east-2" for _, region in default if region)   # else the default region
