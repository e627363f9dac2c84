"""Collect an AWS account's S3 configuration into a Snapshot (reads only, concurrently)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import botocore.exceptions

from srmscan.concurrency import TaskPool
from srmscan.errors import SrmscanError
from srmscan.model import Resource, Snapshot
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.calls import error_of, perform
from srmscan.providers.aws.reads import Read
from srmscan.providers.aws.s3 import ACCOUNT_READS, ACCOUNT_TYPE, BUCKET_READS, BUCKET_TYPE, bucket_arn, bucket_region
from srmscan.providers.aws.session import AwsClients

CREDENTIAL_ERRORS = tuple(getattr(botocore.exceptions, name) for name in (
    "NoCredentialsError", "PartialCredentialsError", "CredentialRetrievalError", "SSOError",
    "TokenRetrievalError", "UnauthorizedSSOTokenError") if hasattr(botocore.exceptions, name))
BAD_CREDENTIAL_CODES = {"InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
                        "UnrecognizedClientException", "InvalidAccessKeyId"}


def collect_account(target: AwsTarget, progress) -> Snapshot:
    started = time.monotonic()
    clients = AwsClients(target.profile, target.endpoint_url, target.max_workers)
    identity = caller_identity(clients)
    account_id = identity["Account"]
    partition = identity["Arn"].split(":")[1] if identity["Arn"].startswith("arn:") else "aws"
    snapshot = Snapshot(provider="aws")
    account = Resource("aws", ACCOUNT_TYPE, f"arn:{partition}:iam::{account_id}:root", account_id,
                       account_id, "global")
    snapshot.resources.append(account)

    with TaskPool(target.max_workers) as pool:
        pool.submit(_read_account, clients, account, progress)
        buckets = list_buckets(clients, snapshot)
        progress.add_total(len(ACCOUNT_READS) + len(buckets) * (len(BUCKET_READS) + 1))
        for entry in buckets:
            bucket = Resource("aws", BUCKET_TYPE, bucket_arn(entry["Name"], partition), entry["Name"],
                              account_id, entry.get("BucketRegion") or "")
            if entry.get("CreationDate") is not None:
                bucket.record("creation_date", entry["CreationDate"].isoformat())
            pool.submit(_locate_then_read, clients, pool, bucket, target.regions, snapshot, progress)
        pool.wait()

    snapshot.resources.sort(key=lambda r: (r.type, r.id))
    snapshot.metadata = {
        "scanned_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "scanned_by": identity["Arn"],
        "accounts": [account_id],
        "regions": sorted({r.region for r in snapshot.resources if r.type == BUCKET_TYPE}),
        "endpoint_url": target.endpoint_url,
        "duration_seconds": round(time.monotonic() - started, 3),
        "api_requests": clients.requests.value,
    }
    return snapshot


def caller_identity(clients: AwsClients) -> dict:
    sts = clients.client("sts")
    try:
        return sts.get_caller_identity()
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


def list_buckets(clients: AwsClients, snapshot: Snapshot) -> list[dict]:
    try:
        pages = clients.client("s3").get_paginator("list_buckets").paginate()
        return [bucket for page in pages for bucket in page.get("Buckets", [])]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
        snapshot.record_error("s3:ListBuckets", error_of(exc))
        return []


def _read_account(clients: AwsClients, account: Resource, progress) -> None:
    s3control = clients.client("s3control")
    for read in ACCOUNT_READS:
        perform(account, read, lambda op=read.operation: getattr(s3control, op)(AccountId=account.account))
        progress.advance()


def _locate_then_read(clients: AwsClients, pool: TaskPool, bucket: Resource, regions: tuple[str, ...],
                      snapshot: Snapshot, progress) -> None:
    if not bucket.region:
        try:
            bucket.region = bucket_region(clients.client("s3").get_bucket_location(Bucket=bucket.name))
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
            bucket.region = "unknown"
            bucket.record_error("region", error_of(exc))
    progress.advance()
    if regions and bucket.region not in regions and bucket.region != "unknown":
        progress.advance(len(BUCKET_READS))
        return
    snapshot.resources.append(bucket)
    client = clients.client("s3", None if bucket.region == "unknown" else bucket.region)
    for read in BUCKET_READS:
        pool.submit(_read_bucket, client, bucket, read, progress)


def _read_bucket(client, bucket: Resource, read: Read, progress) -> None:
    perform(bucket, read, lambda: getattr(client, read.operation)(Bucket=bucket.name))
    progress.advance()
