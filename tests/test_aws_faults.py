"""Throttling, 5xx and dropped connections are survived, not reported: a scan through a proxy that
answers 30% of requests with errors and drops 5% of connections gives the same results as a clean one.
srmscan's retry policy (srmscan/providers/aws/retry.py) decides; its backoff is set to 0 here only."""

from __future__ import annotations

import os

import boto3
import pytest

import aws_foundations_account as twins
import aws_standins
from fault_proxy import (BAD_GATEWAY, S3_ACCESS_DENIED, S3_INTERNAL_ERROR, S3_SERVICE_UNAVAILABLE, S3_SLOW_DOWN,
                         TOO_MANY_REQUESTS, Chaos, FaultProxy, Rule)
from srmscan.pipeline import Selection, evaluate_snapshots
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

S3_FAULTS = (S3_SLOW_DOWN, S3_INTERNAL_ERROR, S3_SERVICE_UNAVAILABLE, TOO_MANY_REQUESTS, BAD_GATEWAY)
# Status-only answers: every protocol (query, JSON, REST-XML) reads them as retryable 5xx/429.
SEEDS = [int(s) for s in os.environ.get("SRMSCAN_FAULT_SEEDS", "7,11").split(",")]
ANY_PROTOCOL_FAULTS = ((500, "text/plain", b""), (503, "text/plain", b""), TOO_MANY_REQUESTS, BAD_GATEWAY)


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    import srmscan.providers.aws.retry as retry

    monkeypatch.setattr(retry, "BASE_DELAY", 0.0)


def results(endpoint: str, regions=(), services=("s3",)) -> dict:
    snapshot = collect_account(AwsTarget(None, tuple(regions), endpoint, 16, services), NoProgress())
    report = evaluate_snapshots([snapshot], Selection())
    return {(f.check["id"], f.resource["id"]): f.status.value for f in report.findings}, snapshot


@pytest.mark.parametrize("seed", SEEDS)
def test_s3_scan_under_random_faults_equals_the_clean_scan(moto, seeded_demo, aws_client, seed):
    s3 = aws_client("s3")
    for i in range(40):
        s3.create_bucket(Bucket=f"extra-bucket-{i:02d}")
    clean, _ = results(moto)
    with FaultProxy(moto) as proxy:
        proxy.chaos = Chaos(seed=seed, fault_rate=0.30, drop_rate=0.05, responses=S3_FAULTS)
        noisy, snapshot = results(proxy.url)
        assert proxy.chaos.faults > 50 and proxy.chaos.drops > 5
    assert noisy == clean
    assert snapshot.errors == [] and not any(r.errors for r in snapshot.resources)
    assert snapshot.metadata.api_retries >= proxy.chaos.faults + proxy.chaos.drops - 5


@pytest.mark.parametrize("seed", SEEDS)
def test_full_account_under_random_faults_equals_the_clean_scan(moto, monkeypatch, seed):
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    twins.seed(lambda service, region: boto3.client(service, region_name=region, endpoint_url=moto))
    with FaultProxy(moto) as proxy:
        proxy.responders.append(aws_standins.AccessAnalyzer(twins.ACCESS_ANALYZERS))
        clean, _ = results(proxy.url, twins.REGIONS, twins.SERVICES)
        proxy.chaos = Chaos(seed=seed, fault_rate=0.30, drop_rate=0.05, responses=ANY_PROTOCOL_FAULTS)
        noisy, snapshot = results(proxy.url, twins.REGIONS, twins.SERVICES)
        assert proxy.chaos.faults > 30 and proxy.chaos.drops > 2
    assert snapshot.errors == []
    assert {key: status for key, status in noisy.items() if status == "ERROR"} == {}
    assert noisy == clean


def test_permanent_errors_are_not_retried(moto, seeded_demo):
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/acme-payroll-exports\?policy", S3_ACCESS_DENIED))
        _, snapshot = results(proxy.url)
        assert proxy.rules[0].hits == 1
    bucket = next(r for r in snapshot.resources if r.name == "acme-payroll-exports")
    assert bucket.errors["policy"].code == "AccessDenied"
