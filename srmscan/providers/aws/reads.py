"""One read = one API call whose answer (or failure) is recorded on a resource.

"Not configured" answers (NoSuchBucketPolicy, ...) are values (None), not failures; every other
error is recorded in `resource.errors[key]`, so checks needing that key report ERROR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import botocore.exceptions

from srmscan.model import ReadError, Resource


@dataclass(frozen=True)
class Read:
    key: str                          # config key the answer is stored under
    operation: str                    # boto3 client method
    permission: str                   # the IAM action it needs
    extract: Callable[[dict], Any]    # response -> stored value
    absent: frozenset[str] = frozenset()  # error codes that mean "not configured" (stored as None)


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
