"""AWS: IAM, S3, CloudTrail, CloudWatch monitoring, Config, EC2/VPC networking, KMS, RDS, EFS, Access
Analyzer and Security Hub across the account's enabled regions, read with boto3 (imported only when
collecting). What is read is declared per service in srmscan.providers.aws.services."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from srmscan.providers.aws.target import ENDPOINT_TURNS, AwsTarget

TITLE = "an AWS account (every enabled region) with boto3's credential chain"   # what is read, for --help ("Scan ..." / "Collect ...")
DEFAULT_WORKERS = 64


def options(
    profile: Annotated[Optional[str], typer.Option(help="Named profile from your AWS config (default: boto3's chain).")] = None,
    region: Annotated[Optional[list[str]], typer.Option(help="Only this region; repeatable (default: every region enabled for the account). Global services (IAM, the bucket list) are read either way.")] = None,
    service: Annotated[Optional[list[str]], typer.Option(help="Only this service; repeatable (default: all; `srmscan permissions aws` shows what each reads).")] = None,
    endpoint_url: Annotated[Optional[str], typer.Option(help="Custom endpoint (LocalStack, S3-compatible, moto); AWS_ENDPOINT_URL works too.")] = None,
    max_workers: Annotated[int, typer.Option(min=1, max=256, help=f"Concurrent API reads per process (at most {ENDPOINT_TURNS} to one service in one region).")] = DEFAULT_WORKERS,
    processes: Annotated[Optional[int], typer.Option(min=1, max=64, help="Processes reading a large account (default: the CPUs this process may use, cgroup limits included; 1: no worker processes). An organisation scan (--org, --account) runs in one process: shard it with --shard to use more.")] = None,
    max_attempts: Annotated[int, typer.Option(min=1, max=50, help="Attempts per API request on throttling, 5xx and dropped connections (never on AccessDenied and other 4xx).")] = 10,
    retry_budget: Annotated[float, typer.Option(min=0, help="Seconds into the scan after which failed requests are no longer retried.")] = 1800.0,
    org: Annotated[bool, typer.Option("--org", help="Scan every ACTIVE account of the organisation (organizations:ListAccounts, from the management account or a delegated administrator), entering each through --role-name.")] = False,
    account: Annotated[Optional[list[str]], typer.Option(help="Scan this account (entered through --role-name unless it is the caller's own); repeatable; with --org, only these.")] = None,
    exclude_account: Annotated[Optional[list[str]], typer.Option(help="Leave this account out of --org / --account; repeatable.")] = None,
    role_name: Annotated[Optional[str], typer.Option(help="Role assumed in each account scanned (arn:PARTITION:iam::ACCOUNT:role/NAME); the caller's own account is scanned with its own credentials.")] = None,
    external_id: Annotated[Optional[str], typer.Option(help="External id the roles' trust policies require.")] = None,
    max_accounts_in_parallel: Annotated[int, typer.Option(min=1, max=256, help="Accounts scanned at once; they share one pool of --max-workers threads.")] = 8,
) -> AwsTarget:
    from srmscan.errors import SrmscanError
    from srmscan.providers.aws.services import SERVICES

    unknown = sorted(set(service or ()) - set(SERVICES))
    if unknown:
        raise SrmscanError(f"unknown --service {', '.join(unknown)}; choose from: {', '.join(SERVICES)}")
    from srmscan.concurrency import usable_cpus

    accounts, excluded = tuple(account or ()), tuple(exclude_account or ())
    for value in (*accounts, *excluded):
        if not (value.isdigit() and len(value) == 12):
            raise SrmscanError(f"{value!r} is not an AWS account id (12 digits)")
    if (org or accounts) and not role_name:
        raise SrmscanError("--org and --account need --role-name: the role srmscan assumes in each account")
    if excluded and not (org or accounts):
        raise SrmscanError("--exclude-account only narrows --org or --account")
    # Several accounts share the cores by account; one account shares out its resources to workers.
    processes = 1 if (org or accounts) else processes or usable_cpus()
    return AwsTarget(profile, tuple(region or ()), endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None,
                     max_workers, tuple(s for s in SERVICES if s in set(service or SERVICES)),
                     max_attempts, retry_budget, processes, org, accounts, excluded, role_name, external_id,
                     max_accounts_in_parallel)


def collect(target: AwsTarget, progress):
    if target.several_accounts:
        from srmscan.providers.aws.organization import collect_accounts

        return collect_accounts(target, progress)
    from srmscan.providers.aws.collector import collect_account

    return collect_account(target, progress)


def permissions() -> list[str]:
    from srmscan.providers.aws.services import permissions as aws_permissions

    return aws_permissions()


def permissions_for(resource_type: str, reads: tuple[str, ...]) -> list[str]:
    """What one check needs: listing its resource type and reading the keys it reads."""
    from srmscan.providers.aws.services import CATALOGUE

    return CATALOGUE.permissions_for(resource_type, reads)


PERMISSIONS_FORMAT = "iam-policy"   # `srmscan permissions aws --format iam-policy`: a ready document (srmscan.providers.aws.policy)


def permissions_document(fmt: str) -> str | None:
    """The permissions as the document `fmt` names, or None when this cloud has no such document."""
    from srmscan.providers.aws import policy

    return policy.document(permissions()) if fmt == PERMISSIONS_FORMAT else None


def resource_types() -> dict[str, frozenset[str]]:
    from srmscan.providers.aws.services import resource_types as aws_types

    return aws_types()
