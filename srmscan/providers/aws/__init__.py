"""AWS: S3 buckets and account-level S3 settings, read with boto3 (imported only when collecting)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated, Optional

import typer

TITLE = "Scan an AWS account (S3) with boto3's credential chain."
DEFAULT_WORKERS = 32


@dataclass(frozen=True)
class AwsTarget:
    profile: str | None
    regions: tuple[str, ...]
    endpoint_url: str | None
    max_workers: int


def options(
    profile: Annotated[Optional[str], typer.Option(help="Named profile from your AWS config (default: boto3's chain).")] = None,
    region: Annotated[Optional[list[str]], typer.Option(help="Only buckets in this region; repeatable (default: every region where buckets live).")] = None,
    endpoint_url: Annotated[Optional[str], typer.Option(help="Custom endpoint (LocalStack, S3-compatible, moto); AWS_ENDPOINT_URL works too.")] = None,
    max_workers: Annotated[int, typer.Option(min=1, max=256, help="Concurrent API reads.")] = DEFAULT_WORKERS,
) -> AwsTarget:
    return AwsTarget(profile, tuple(region or ()), endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None,
                     max_workers)


def collect(target: AwsTarget, progress):
    from srmscan.providers.aws.collector import collect_account

    return collect_account(target, progress)


def permissions() -> list[str]:
    from srmscan.providers.aws.s3 import permissions as aws_permissions

    return aws_permissions()


def resource_types() -> dict[str, frozenset[str]]:
    from srmscan.providers.aws.s3 import resource_types as aws_types

    return aws_types()
