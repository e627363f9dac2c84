"""AWS: IAM, S3, CloudTrail, CloudWatch monitoring, Config, EC2/VPC networking, KMS, RDS, EFS, Access
Analyzer and Security Hub across the account's enabled regions, read with boto3 (imported only when
collecting). What is read is declared per service in srmscan.providers.aws.services."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated, Optional

import typer

TITLE = "Scan an AWS account (every enabled region) with boto3's credential chain."
DEFAULT_WORKERS = 32


@dataclass(frozen=True)
class AwsTarget:
    profile: str | None
    regions: tuple[str, ...]
    endpoint_url: str | None
    max_workers: int
    services: tuple[str, ...] = ()   # () = every service srmscan reads
    max_attempts: int = 10
    retry_budget: float = 1800.0
    processes: int = 1               # this process and processes - 1 workers share out the listed resources


def options(
    profile: Annotated[Optional[str], typer.Option(help="Named profile from your AWS config (default: boto3's chain).")] = None,
    region: Annotated[Optional[list[str]], typer.Option(help="Only this region; repeatable (default: every region enabled for the account). Global services (IAM, the bucket list) are read either way.")] = None,
    service: Annotated[Optional[list[str]], typer.Option(help="Only this service; repeatable (default: all; `srmscan permissions aws` shows what each reads).")] = None,
    endpoint_url: Annotated[Optional[str], typer.Option(help="Custom endpoint (LocalStack, S3-compatible, moto); AWS_ENDPOINT_URL works too.")] = None,
    max_workers: Annotated[int, typer.Option(min=1, max=256, help="Concurrent API reads per process.")] = DEFAULT_WORKERS,
    processes: Annotated[Optional[int], typer.Option(min=1, max=64, help="Processes reading a large account (default: the CPUs this process may use, cgroup limits included; 1: no worker processes).")] = None,
    max_attempts: Annotated[int, typer.Option(min=1, max=50, help="Attempts per API request on throttling, 5xx and dropped connections (never on AccessDenied and other 4xx).")] = 10,
    retry_budget: Annotated[float, typer.Option(min=0, help="Seconds into the scan after which failed requests are no longer retried.")] = 1800.0,
) -> AwsTarget:
    from srmscan.errors import SrmscanError
    from srmscan.providers.aws.services import SERVICES

    unknown = sorted(set(service or ()) - set(SERVICES))
    if unknown:
        raise SrmscanError(f"unknown --service {', '.join(unknown)}; choose from: {', '.join(SERVICES)}")
    from srmscan.concurrency import usable_cpus

    processes = processes or usable_cpus()
    return AwsTarget(profile, tuple(region or ()), endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None,
                     max_workers, tuple(s for s in SERVICES if s in set(service or SERVICES)),
                     max_attempts, retry_budget, processes)


def collect(target: AwsTarget, progress):
    from srmscan.providers.aws.collector import collect_account

    return collect_account(target, progress)


def permissions() -> list[str]:
    from srmscan.providers.aws.services import permissions as aws_permissions

    return aws_permissions()


def resource_types() -> dict[str, frozenset[str]]:
    from srmscan.providers.aws.services import resource_types as aws_types

    return aws_types()
