"""The one vocabulary srmscan reads every cloud with, as data: a resource type, how it is listed, the reads
that fill it in, joins of a scope-wide listing onto its items, skip rules, the permission each step needs,
the answers that mean "not configured", and the config keys it all produces.

Only the *request* of a listing or a read is a cloud's own (an AWS API operation, an ARM or Microsoft Graph
GET, a Google REST GET, an SDK call): srmscan.providers.<cloud>.declare defines those, and each cloud's
walker performs them. Every service module of every cloud (srmscan.providers.<cloud>.services.<service>)
declares the same two tables:

    TYPES        the resource types it lists (ResourceType), children included
    SCOPE_READS  reads recorded on a scope resource: {scope resource type: (Read, ...)}
                 (the account or a region on AWS, the subscription or the tenant on Azure, the project on GCP)

Keys and permissions follow from the declarations (Catalogue), never from a hand list, so `srmscan
permissions`, the snapshot's `collected` keys and the validation of checks' `reads=` agree with what is read.
Nothing here calls a cloud or imports an SDK.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any, Callable, Iterable


def as_is(answer: Any) -> Any:
    return answer


def nothing(_item: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Read:
    """One request whose answer, shaped, is recorded under one config key of a resource."""

    key: str                                     # the config key it fills
    request: Any                                 # what the cloud's transport performs
    permission: str | tuple[str, ...]            # the permission(s) it needs
    shape: Callable[[Any], Any] = as_is          # answer -> recorded value (an unexpected shape: ERROR on `key`)
    absent: frozenset[str] = frozenset()         # error codes that mean "not configured" (recorded as None)
    needs: tuple[str, ...] = ()                  # keys of the same resource that must be read first
    applies: Callable[[Any], bool] | None = None  # resource -> False: not read (moot for the verdicts) ...
    moot: str = ""                               # ... and why, recorded in the snapshot
    none_when: Callable[[Any], bool] | None = None   # resource -> True: it has none (recorded as None, not read)

    @property
    def permissions(self) -> tuple[str, ...]:
        return (self.permission,) if isinstance(self.permission, str) else self.permission


def read_waves(reads: Iterable[Read]) -> list[list[Read]]:
    """The reads in the order they can be sent: each wave needs only keys that earlier waves read. Within a wave,
    the reads a later read needs come first (a bucket's ownership before its policy: the ACL read waits for it),
    so that when a service's requests take turns the longer chain starts sooner."""
    reads = list(reads)
    needed = {key for read in reads for key in read.needs}
    found, done, pending = [], set(), sorted(reads, key=lambda read: read.key not in needed)
    while pending:
        ready = [r for r in pending if set(r.needs) <= done]
        if not ready:
            raise ValueError(f"reads need keys nobody reads: {[r.key for r in pending]}")
        found.append(ready)
        done |= {r.key for r in ready}
        pending = [r for r in pending if r not in ready]
    return found


@dataclass(frozen=True)
class Join:
    """A scope-wide listing whose items are given to each listed item they belong to (a network's firewall
    rules): read once per scope, recorded under `key` on every item, as `shape` of the items that belong."""

    key: str
    read: Read
    belongs: Callable[[dict[str, Any], dict[str, Any]], bool]
    shape: Callable[[list[dict[str, Any]]], Any]


@dataclass(frozen=True)
class Listing:
    """The request that finds a type's items in one scope (or below one parent item); every page is read."""

    request: Any
    permission: str | tuple[str, ...]
    items: Callable[[Any], list] = as_is          # the answer (or one page) -> its items
    absent: frozenset[str] = frozenset()          # error codes meaning "not available here": no items
    parents: tuple[Any, ...] = ()                 # requests listed first, each level's items addressing the next
    counted_as: str = ""                          # key on the owner recording how many were listed (or why not)
    on_owner: tuple[str, Callable[[list], Any]] | None = None   # the whole listing, shaped, also recorded under this
    # key on the owner (one request serves the owner's key and the children)
    applies: Callable[[Any], bool] | None = None  # owner resource -> False: not listed below it

    @property
    def permissions(self) -> tuple[str, ...]:
        return (self.permission,) if isinstance(self.permission, str) else self.permission


@dataclass(frozen=True)
class ResourceType:
    """A resource type: how it is listed, what of each listed item is kept (`config`: its keys are those it
    gives an item with no optional field, since real answers omit them), and the reads and joins that follow."""

    type: str
    service: str
    listing: Listing | None = None               # None: a scope resource (one per account, region, project ...)
    config: Callable[[dict[str, Any]], dict[str, Any]] = nothing
    reads: tuple[Read, ...] = ()
    joins: tuple[Join, ...] = ()
    children: tuple["ResourceType", ...] = ()    # listed below each item (an SQL server's databases)
    keep: Callable[[dict[str, Any]], bool] | None = None   # listed items that are this type (others are not)
    scope: str = ""                              # where it is listed, in the cloud's terms (AWS: global/regional)
    identity: Callable[..., tuple[str, str]] | None = None   # (item, scope) -> (id, name); None: the cloud's own
    region: Callable[[dict[str, Any]], str | None] | None = None   # item -> its region; None: the cloud's own
    address: Callable[[dict[str, Any]], str] | None = None   # item -> what its reads and children are addressed by
    locate: Read | None = None                   # finds the region when the listing does not tell it
    on_scope: tuple[str, Callable[[list[dict[str, Any]]], Any]] | None = None   # the whole listing, shaped,
    # also recorded under this key on the scope resource (one request serves both)

    @cached_property
    def config_keys(self) -> frozenset[str]:
        return frozenset(self.config({}))

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every config key of the type: the shaped item's, each read's, each join's, each child count."""
        keys = self.config_keys | {read.key for read in self.reads} | {join.key for join in self.joins}
        keys |= {child.listing.counted_as for child in self.children if child.listing and child.listing.counted_as}
        keys |= {child.listing.on_owner[0] for child in self.children if child.listing and child.listing.on_owner}
        return frozenset(keys | ({self.locate.key} if self.locate is not None else set()))

    @cached_property
    def permissions(self) -> tuple[str, ...]:
        steps = [*self.reads, *(join.read for join in self.joins), *([self.locate] if self.locate else [])]
        own = (self.listing.permissions if self.listing else ()) + tuple(p for s in steps for p in s.permissions)
        return own + tuple(p for child in self.children for p in child.permissions)

    def with_all(self) -> Iterable["ResourceType"]:
        """This type and its children, at any depth."""
        yield self
        for child in self.children:
            yield from child.with_all()


@dataclass(frozen=True)
class Catalogue:
    """Every service module of one cloud, put together: the types and scope reads of the services chosen,
    the config keys recorded on each resource type, and the permissions they need."""

    package: str                                 # e.g. "srmscan.providers.gcp.services"
    services: tuple[str, ...]
    other_permissions: tuple[str, ...] = ()      # calls made outside the declarations (finding the scopes)
    summary_scope: str = ""                      # the scope resource type `on_scope` summaries are recorded on

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"{self.package}.{name}")

    def types(self, services: Iterable[str] | None = None) -> tuple[ResourceType, ...]:
        return tuple(kind for name in self._chosen(services) for kind in self.module(name).TYPES)

    def scope_reads(self, scope_type: str, services: Iterable[str] | None = None) -> tuple[Read, ...]:
        return tuple(read for name in self._chosen(services)
                     for read in self.module(name).SCOPE_READS.get(scope_type, ()))

    def scope_types(self, services: Iterable[str] | None = None) -> set[str]:
        return {scope for name in self._chosen(services) for scope, reads in self.module(name).SCOPE_READS.items()
                if reads}

    def resource_types(self, services: Iterable[str] | None = None) -> dict[str, frozenset[str]]:
        """Every resource type the chosen services produce, with the config keys recorded on each."""
        found: dict[str, frozenset[str]] = {}
        for kind in (every for kind in self.types(services) for every in kind.with_all()):
            found[kind.type] = found.get(kind.type, frozenset()) | kind.keys
        for scope in self.scope_types(services):
            found[scope] = found.get(scope, frozenset()) | {read.key for read in self.scope_reads(scope, services)}
        summaries = {kind.on_scope[0] for kind in self.types(services) if kind.on_scope is not None}
        if summaries:
            found[self.summary_scope] = found.get(self.summary_scope, frozenset()) | summaries
        return found

    def permissions(self) -> list[str]:
        """Every permission the cloud's adapter needs, from the declarations alone."""
        found = set(self.other_permissions)
        for kind in self.types():
            found.update(kind.permissions)
        for scope in self.scope_types():
            found.update(p for read in self.scope_reads(scope) for p in read.permissions)
        return sorted(found)

    def permissions_for(self, resource_type: str, reads: Iterable[str]) -> list[str]:
        """The permissions one check needs: listing its resource type and reading the keys it reads (`OWNER.key`
        for a key of a related type, e.g. `account.read_at`)."""
        kinds = [every for kind in self.types() for every in kind.with_all()]
        scopes = {scope: self.scope_reads(scope) for scope in self.scope_types()}
        found: set[str] = set()
        for key in (k.removesuffix("?") for k in reads):
            owner, _, name = key.rpartition(".")
            for kind in kinds:
                if (kind.type == resource_type) if not owner else kind.type.endswith("." + owner):
                    if kind.listing is not None:
                        found.update(kind.listing.permissions)
                    steps = [*kind.reads, *(join.read for join in kind.joins), *([kind.locate] if kind.locate else [])]
                    found.update(p for step in steps if step.key == name for p in step.permissions)
            for scope, scope_reads in scopes.items():
                if (scope == resource_type) if not owner else scope.endswith("." + owner):
                    found.update(p for read in scope_reads if read.key == name for p in read.permissions)
        return sorted(found)

    def _chosen(self, services: Iterable[str] | None) -> tuple[str, ...]:
        return self.services if services is None else tuple(s for s in self.services if s in set(services))
