"""AWS in the vocabulary of srmscan.providers.declare: its request (Call, a boto3 operation), its scopes (the
account, each region) and the helpers its service modules share.

Declarations only (no botocore import), so the resource types, config keys and IAM actions of the
adapter are known without loading the SDK; srmscan.providers.aws.calls performs them and
srmscan.providers.aws.walker walks them over (account x region).

Key style: config keys are snake_case names chosen here; the values are the API's answers as boto3
returns them (PascalCase fields inside), trimmed of response metadata, so a reader can look them up in
the AWS API reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from srmscan.providers.declare import ResourceType

GLOBAL = "global"       # listed once per account (IAM, S3's ListBuckets)
REGIONAL = "regional"   # listed in every scanned region
ACCOUNT_TYPE = "aws.account"
REGION_TYPE = "aws.region"
READ_AT_KEY = "read_at"  # on the account: when it was read (the reference clock for age checks)


@dataclass(frozen=True)
class Scope:
    """Where a listing runs: one account, in one region (or the default region for global services)."""

    account: str
    partition: str
    region: str | None  # None for global services


def without_metadata(response: dict) -> dict:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


@dataclass(frozen=True)
class Call:
    """An AWS API operation (the request of a Read or a Listing in srmscan.providers.declare): a boto3 client
    method of `service` (default: the resource type's), its parameters (fixed, or from the resource read),
    every page merged when `pages`; `call` performs a short fixed sequence instead (client, params) -> answer.
    `head_start` (client) -> None sends, as the scan starts and before the account is identified, a read-only request
    that sets under way what the call will wait for (IAM generating the credential report); its answer or failure
    is dropped, since the call itself asks again and records what it gets."""

    operation: str
    params: Mapping[str, Any] | Callable[[Any], dict] = field(default_factory=dict)
    pages: bool = False
    service: str = ""
    call: Callable[[Any, dict], Any] | None = None
    head_start: Callable[[Any], None] | None = None

    def arguments(self, resource: Any = None) -> dict:
        return self.params(resource) if callable(self.params) else dict(self.params)


def token_pages(operation: str, items: str, token: str, limit: tuple[str, int]) -> Callable[[Any, dict], dict]:
    """A Call's `call` for an operation that pages by a token but has no boto3 paginator (WAF's ListWebACLs, S3
    Control's ListAccessPoints): every page's `items` merged into one answer; `limit` is (parameter, page size)."""
    size_key, size = limit

    def every_page(client, params: dict) -> dict:
        found, next_token = [], None
        while True:
            page = getattr(client, operation)(**params, **{size_key: size}, **({token: next_token} if next_token else {}))
            found += page.get(items, [])
            next_token = page.get(token)
            if not next_token or not page.get(items):
                return {items: found}

    return every_page


def fields(getters: Mapping[str, Callable[[dict], Any]]) -> Callable[[dict], dict[str, Any]]:
    """A listed item's config, one getter per key."""
    return lambda entry: {key: getter(entry) for key, getter in getters.items()}


def listed_key(kind: ResourceType) -> str:
    """Config key on the scope's account/region resource recording how many were listed (or why not)."""
    return kind.type.split(".", 1)[1].replace(".", "_") + "_listed"


def arn(scope: Scope, service: str, resource: str, region: str | None = None) -> str:
    return f"arn:{scope.partition}:{service}:{region if region is not None else scope.region or ''}:{scope.account}:{resource}"


def item(name: str, default: Any = None) -> Callable[[dict], Any]:
    """A field taken from the listed item as it is."""
    return lambda entry: entry.get(name, default)
