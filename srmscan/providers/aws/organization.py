"""Several accounts in one scan: an organisation's ACTIVE accounts (--org) or a list (--account), each
entered through a role, scanned concurrently on one shared pool of threads, into one snapshot.

- The caller's own account is scanned with its own credentials; every other account through
  sts:AssumeRole into arn:PARTITION:iam::ACCOUNT:role/ROLE_NAME, with credentials botocore refreshes
  before they expire (a scan longer than the role session keeps going).
- An account that cannot be entered (role missing, trust denied, account suspended since the listing)
  is a collection error of that account, naming the role and the reason; the scan goes on with the
  others and is then incomplete (exit 3).
- `max_accounts_in_parallel` accounts are scanned at once, all their reads on the one pool of
  `max_workers` threads, so 1,000 accounts do not mean 1,000 pools.
- `--shard I/N` keeps this run's share of the accounts (srmscan.sharding).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import boto3
import botocore.credentials
import botocore.session

from srmscan.concurrency import TaskPool
from srmscan.errors import SrmscanError
from srmscan.model import ReadError, ScanMetadata, Snapshot
from srmscan.providers.aws.target import AwsTarget
from srmscan.providers.aws.calls import FAILURES, error_of
from srmscan.providers.aws.collector import caller_identity, partition_of, scan_account
from srmscan.providers.aws.retry import through_garbled_answers
from srmscan.providers.aws.session import AwsClients

SESSION_NAME = "srmscan"
SESSION_SECONDS = 3600   # the longest a chained role session may last; botocore refreshes before expiry
ACTIVE = "ACTIVE"


def collect_accounts(target: AwsTarget, progress) -> Snapshot:
    started = time.monotonic()
    base = AwsClients(target.profile, target.endpoint_url, target.max_workers, target.max_attempts,
                      target.retry_budget)
    identity = caller_identity(base)
    own, partition = identity["Account"], partition_of(identity["Arn"])
    snapshot = Snapshot(provider="aws")
    listed = organization_accounts(base) if target.organization else None
    wanted = (set(target.accounts) if target.accounts else set(listed or ())) - set(target.exclude_accounts)
    share = target.shard.take(wanted) if target.shard else sorted(wanted)
    chosen = [account for account in share if listed is None or account in listed]
    for outside in sorted(set(share) - set(chosen)):   # --account with --org: named, but not an ACTIVE member
        snapshot.record_error("organizations:ListAccounts", ReadError(
            "NotInOrganization", f"account {outside} is not an ACTIVE account of the organisation"), outside)

    def scan_one(account: str) -> Snapshot:
        return _scan_member(base, account, own, partition, target, progress, pool)

    with TaskPool(target.max_workers) as pool, \
            ThreadPoolExecutor(target.max_accounts_in_parallel, thread_name_prefix="srmscan-account") as accounts:
        parts = list(accounts.map(scan_one, chosen))
    for part in parts:
        snapshot.resources += part.resources
        snapshot.errors += part.errors
    snapshot.resources.sort(key=lambda r: (r.type, r.id))
    first = next((p.metadata for p in parts if p.metadata.collected is not None), ScanMetadata())
    snapshot.metadata = ScanMetadata(
        scanned_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), scanned_by=identity["Arn"],
        accounts=chosen, regions=sorted({r for p in parts for r in p.metadata.regions}),
        endpoint_url=target.endpoint_url, services=list(target.services), collected=first.collected or {},
        duration_seconds=round(time.monotonic() - started, 3),
        api_requests=base.requests.value + sum(p.metadata.api_requests or 0 for p in parts),
        api_retries=base.retry.retries + sum(p.metadata.api_retries or 0 for p in parts),
        shard=target.shard.to_json() if target.shard is not None else None,
        extra={"organization": {"role_name": target.role_name, "listed": len(listed) if listed is not None else None,
                                "scanned": len(chosen),
                                "not_entered": sorted(p.metadata.accounts[0] for p in parts
                                                      if p.metadata.extra.get("not_entered"))}})
    return snapshot


def organization_accounts(base: AwsClients) -> list[str]:
    """The organisation's ACTIVE accounts. Refused listing: one clear line, nothing is scanned."""
    organizations = base.client("organizations")
    try:
        pages = through_garbled_answers(base.retry, lambda: list(
            organizations.get_paginator("list_accounts").paginate()))
    except FAILURES as exc:
        error = error_of(exc)
        raise SrmscanError(f"cannot list the organisation's accounts (organizations:ListAccounts: {error.code}); "
                           "run from the management account or a delegated administrator, or name the accounts "
                           "with --account") from None
    active = sorted(account["Id"] for page in pages for account in page.get("Accounts", [])
                    if all(account.get(field, ACTIVE) == ACTIVE for field in ("State", "Status")))
    if not active:   # an organisation lists at least its management account: nothing to scan is a mistake
        raise SrmscanError("organizations:ListAccounts lists no ACTIVE account: is this identity in an "
                           "organisation? name the accounts with --account instead")
    return active


def _scan_member(base: AwsClients, account: str, own: str, partition: str, target: AwsTarget, progress,
                 pool: TaskPool) -> Snapshot:
    if account == own:
        return scan_account(base, account, partition, target, progress, pool.group())
    role = f"arn:{partition}:iam::{account}:role/{target.role_name}"
    clients = AwsClients(None, target.endpoint_url, target.max_workers, target.max_attempts, target.retry_budget,
                         session=assumed_role_session(base, role, target.external_id))
    try:   # enter now, so that a missing role is this account's one error, not one per read
        clients.session.get_credentials().get_frozen_credentials()
    except FAILURES as exc:
        return _not_entered(account, role, error_of(exc))
    return scan_account(clients, account, partition, target, progress, pool.group())


def _not_entered(account: str, role: str, error: ReadError) -> Snapshot:
    snapshot = Snapshot(provider="aws")
    snapshot.record_error(f"sts:AssumeRole into {role}", ReadError(
        error.code, f"account {account} could not be entered: {error.message}"), account)
    snapshot.metadata = ScanMetadata(accounts=[account], extra={"not_entered": True})
    return snapshot


def assumed_role_session(base: AwsClients, role: str, external_id: str | None,
                         seconds: int = SESSION_SECONDS) -> boto3.Session:
    """A session whose credentials come from sts:AssumeRole (through srmscan's guarded, counted,
    retried STS client for it) and are renewed by botocore before they expire."""
    sts = base.role_assumer()
    params = {"RoleArn": role, "RoleSessionName": SESSION_NAME, "DurationSeconds": seconds}
    if external_id:
        params["ExternalId"] = external_id

    def fetch() -> dict:
        answer = through_garbled_answers(base.retry, lambda: sts.assume_role(**params))["Credentials"]
        return {"access_key": answer["AccessKeyId"], "secret_key": answer["SecretAccessKey"],
                "token": answer["SessionToken"], "expiry_time": answer["Expiration"].isoformat()}

    credentials = botocore.credentials.DeferredRefreshableCredentials(refresh_using=fetch, method="assume-role")
    core = botocore.session.get_session()
    core._credentials = credentials   # botocore has no public setter for a session's credential source
    # One loader for every account: service models are parsed once per scan, not once per account
    # (a fresh session costs ~240 ms of CPU for its four clients, ~60 ms with the shared loader).
    core.register_component("data_loader", base.session._session.get_component("data_loader"))
    return boto3.Session(botocore_session=core, region_name=base.default_region)
