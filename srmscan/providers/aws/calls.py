"""Perform a declared read: one API call whose answer (or failure) is recorded on a resource.

"Not configured" answers (NoSuchBucketPolicy, ...) are values (None), not failures; every other
error is recorded in `resource.errors[key]`, so checks needing that key report ERROR.
"""

from __future__ import annotations

from typing import Callable

import botocore.exceptions

from srmscan.model import ReadError, Resource
from srmscan.providers.aws.reads import Read


def error_of(exc: Exception) -> ReadError:
    if isinstance(exc, botocore.exceptions.ClientError):
        error = exc.response.get("Error", {})
        return ReadError(str(error.get("Code") or "ClientError"), str(error.get("Message") or exc))
    return ReadError(type(exc).__name__, str(exc))


def perform(resource: Resource, read: Read, call: Callable[[], dict]) -> None:
    try:
        response = call()
    except botocore.exceptions.ClientError as exc:
        code = exc.response.get("Error", {}).get("Code")
        if code in read.absent:
            resource.record(read.key, None)
        else:
            resource.record_error(read.key, error_of(exc))
        return
    except botocore.exceptions.BotoCoreError as exc:
        resource.record_error(read.key, error_of(exc))
        return
    try:
        resource.record(read.key, read.extract(response))
    except (KeyError, TypeError, ValueError) as exc:
        resource.record_error(read.key, ReadError("UnexpectedResponse", f"{read.operation}: {exc}"))
