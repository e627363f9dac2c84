"""How AWS services are read, declared as data: listings that find resources, reads that fill them in.

Declarations only (no botocore import), so the resource types, config keys and IAM actions of the
adapter are known without loading the SDK; srmscan.providers.aws.calls performs them and
srmscan.providers.aws.collector walks them over (account x region).

Key style: config keys are snake_case names chosen here; the values are the API's answers as boto3
returns them (PascalCase fields inside), trimmed of response metadata, so a reader can look them up in
the AWS API reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

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


def no_params(_resource) -> dict:
    return {}


@dataclass(frozen=True)
class Read:
    """One API call (or a short fixed sequence, `call`) whose answer is stored under one config key."""

    key: str                                     # config key the answer is stored under
    operation: str                               # boto3 client method (or a name for `call`)
    permission: str | tuple[str, ...]            # the IAM action(s) it needs
    extract: Callable[[Any], Any] = without_metadata  # response -> stored value
    absent: frozenset[str] = frozenset()         # error codes that mean "not configured" (stored as None)
    service: str = ""                            # boto3 service; "" = the resource kind's service
    params: Callable[[Any], dict] = no_params    # resource -> request parameters
    pages: bool = False                          # paginate and merge every page (build_full_result)
    needs: tuple[str, ...] = ()                  # keys that must be read first (read in a later wave)
    applies: Callable[[Any], bool] | None = None  # resource -> False: not read (moot for the verdicts) ...
    moot: str = ""                               # ... and why, recorded in the snapshot
    call: Callable[[Any, dict], Any] | None = None  # (client, params) -> response, for multi-call reads

    @property
    def permissions(self) -> tuple[str, ...]:
        return (self.permission,) if isinstance(self.permission, str) else self.permission


@dataclass(frozen=True)
class Listing:
    """The call that finds a kind's resources in one scope; every page is read."""

    operation: str
    permission: str
    items: Callable[[dict], list]                # one page -> the items on it
    params: Mapping[str, Any] = field(default_factory=dict)
    absent: frozenset[str] = frozenset()         # error codes meaning "not available here": no resources


@dataclass(frozen=True)
class Kind:
    """A resource type: how it is listed, what of the listed item is kept, and which reads follow."""

    type: str
    service: str                                 # boto3 service name
    scope: str                                   # GLOBAL or REGIONAL
    listing: Listing | None = None               # None: one resource per scope (the account, each region)
    identity: Callable[[dict, Scope], tuple[str, str]] | None = None   # item -> (id, name)
    fields: Mapping[str, Callable[[dict], Any]] = field(default_factory=dict)  # item -> config
    reads: tuple[Read, ...] = ()
    region_of: Callable[[dict], str | None] | None = None  # item -> its home region (else the scope's)
    locate: Read | None = None                   # finds the region when the listing does not tell it
    keep: Callable[[dict], bool] | None = None   # listed items to keep (others are not this kind)

    @property
    def listed_key(self) -> str:
        """Config key on the scope's account/region resource recording how many were listed (or why not)."""
        return self.type.split(".", 1)[1].replace(".", "_") + "_listed"

    @property
    def keys(self) -> frozenset[str]:
        keys = {read.key for read in self.reads} | set(self.fields)
        if self.locate is not None:
            keys.add(self.locate.key)
        return frozenset(keys)


def arn(scope: Scope, service: str, resource: str, region: str | None = None) -> str:
    return f"arn:{scope.partition}:{service}:{region if region is not None else scope.region or ''}:{scope.account}:{resource}"


def item(name: str, default: Any = None) -> Callable[[dict], Any]:
    """A field taken from the listed item as it is."""
    return lambda entry: entry.get(name, default)
