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
    read_elsewhere, orphans = sharing.finish()
    assert read_elsewhere == []
    assert [resource.name for _kind, resource in orphans] == ["b0", "b2"]
    assert all(resource.config == {} and not resource.errors for _kind, resource in orphans)


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
    """In the CLI no other thread runs when the scan starts, so workers are forked (not served): past the
    first 100 buckets, two thirds of them are read in two worker processes."""
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
