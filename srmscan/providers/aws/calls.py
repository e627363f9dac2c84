"""Perform declared listings and reads with botocore; record each answer (or failure) on a resource.

"Not configured" answers (NoSuchBucketPolicy, ...) are values (None), not failures; every other
error is recorded in `resource.errors[key]`, so checks needing that key report ERROR.
"""

from __future__ import annotations

from typing import Any

import botocore.exceptions
import botocore.parsers

from srmscan.model import ReadError, Resource
from srmscan.providers.declare import Listing, Read
from srmscan.providers.aws.retry import RetryPolicy, through_garbled_answers
from srmscan.providers.recording import MALFORMED, unexpected

FAILURES = (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError)


def error_of(exc: Exception) -> ReadError:
    if isinstance(exc, botocore.exceptions.ClientError):
        error = exc.response.get("Error", {})
        return ReadError(str(error.get("Code") or "ClientError"), str(error.get("Message") or exc))
    return ReadError(type(exc).__name__, str(exc))


def error_code(exc: Exception) -> str | None:
    if isinstance(exc, botocore.exceptions.ClientError):
        return exc.response.get("Error", {}).get("Code")
    return None


def call(client, read: Read, params: dict, policy: RetryPolicy) -> Any:
    return through_garbled_answers(policy, lambda: _call(client, read, params))


def _call(client, read: Read, params: dict) -> Any:
    request = read.request
    if request.call is not None:
        return request.call(client, params)
    if request.pages:
        return client.get_paginator(request.operation).paginate(**params).build_full_result()
    return getattr(client, request.operation)(**params)


def perform(resource: Resource, read: Read, client, policy: RetryPolicy) -> None:
    try:
        response = call(client, read, read.request.arguments(resource), policy)
    except botocore.exceptions.ClientError as exc:
        if error_code(exc) in read.absent:
            resource.record(read.key, None)
        else:
            resource.record_error(read.key, error_of(exc))
        return
    except (botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError) as exc:
        resource.record_error(read.key, error_of(exc))
        return
    try:
        resource.record(read.key, read.shape(response))
    except MALFORMED as exc:
        resource.record_error(read.key, unexpected(read.request.operation, exc))


def list_items(client, listing: Listing, policy: RetryPolicy, owner: Any = None) -> list[dict]:
    """Every item of every page (raises botocore's errors; the collector records them). `owner` is the scope's
    account or region resource, for parameters that name it (S3 Control's AccountId)."""
    return through_garbled_answers(policy, lambda: _list_items(client, listing, owner))


def _list_items(client, listing: Listing, owner: Any) -> list[dict]:
    operation, params = listing.request.operation, listing.request.arguments(owner)
    if listing.request.call is not None:   # a listing that takes more than one call (ECS services per cluster)
        pages = [listing.request.call(client, params)]
    elif client.can_paginate(operation):
        pages = client.get_paginator(operation).paginate(**params)
    else:
        pages = [getattr(client, operation)(**params)]
    return [entry for page in pages for entry in listing.items(page)]
