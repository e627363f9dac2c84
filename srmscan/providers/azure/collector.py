"""Walk the declared Azure services (srmscan.providers.azure.reads) over each subscription and the Entra
tenant into a Snapshot: each subscription's and the tenant's own settings, then every listed resource type
with its reads and child listings, each request a task of one shared pool."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from typing import Any, Callable

from srmscan.concurrency import TaskPool
from srmscan.errors import SrmscanError
from srmscan.model import Resource, ScanMetadata, Snapshot
from srmscan.progress import NoProgress
from srmscan.providers.azure.declare import SUBSCRIPTION_TYPE, TENANT_SCOPE, TENANT_TYPE
from srmscan.providers.azure.http import (AUTH_ERRORS, READ_FAILURES, JsonReader, credential_problem, error_of,
                                          make_credential, read_only_transport, retry_policy)
from srmscan.providers.azure.reads import (CATALOGUE, MANAGEMENT_GROUP_API, READ_AT, SUBSCRIPTIONS_API, resource_types,
                                          services)
from srmscan.providers.azure.target import AzureTarget
from srmscan.providers.declare import ResourceType
from srmscan.providers.reachability import Reachability
from srmscan.providers.recording import MALFORMED, listed_resource, record_read, submit_reads, unexpected


def _quiet_sdk_logging() -> None:
    """azure-identity logs credential failures as warnings on stderr; srmscan reports them itself, once."""
    sdk = logging.getLogger("azure")
    if not sdk.handlers:
        sdk.addHandler(logging.NullHandler())
        sdk.propagate = False


def collect_azure(target: AzureTarget, progress) -> Snapshot:
    _quiet_sdk_logging()
    started = time.monotonic()
    reachability = Reachability()
    credential = make_credential(target.cloud.authority, target.tenant, reachability)
    readers = Readers(credential, target, reachability)
    snapshot = Snapshot(provider="azure")
    try:
        credential.get_token(target.cloud.arm_scope)  # fail fast, with one clear line, when there is no identity
        subscriptions, group_tenant = _subscriptions(readers.arm, target, snapshot)
        tenant = target.tenant or group_tenant or next((s.get("tenantId") for s in subscriptions if s.get("tenantId")),
                                                       None)
        subscriptions, read_tenant = _share(target, subscriptions, tenant)
        with TaskPool(target.max_workers) as pool:
            chosen = services(target)
            kinds = CATALOGUE.types(chosen)
            if read_tenant:
                _collect_scope(pool, readers, TENANT_TYPE, tenant or "unknown", snapshot, progress, chosen)
                for kind in (k for k in kinds if k.scope == TENANT_SCOPE):
                    pool.submit(_collect_listed, pool, readers, kind, tenant or "unknown", snapshot, progress)
            for subscription in (s["subscriptionId"] for s in subscriptions):
                settings = _collect_scope(pool, readers, SUBSCRIPTION_TYPE, subscription, snapshot, progress, chosen)
                for kind in (k for k in kinds if k.scope != TENANT_SCOPE):
                    pool.submit(_collect_listed, pool, readers, kind, subscription, snapshot, progress, None, settings)
            pool.wait()
    except AUTH_ERRORS as exc:
        raise credential_problem(exc) from None
    snapshot.resources.sort(key=lambda r: (r.type, r.id))
    snapshot.metadata = ScanMetadata(
        scanned_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), scanned_by=type(credential).__name__,
        accounts=sorted({s["subscriptionId"] for s in subscriptions} | ({tenant or "unknown"} if read_tenant else set())),
        regions=sorted({r.region for r in snapshot.resources if r.region != "global"}), endpoint_url=target.cloud.arm,
        collected={kind: sorted(keys) for kind, keys in sorted(resource_types(target).items())},
        duration_seconds=round(time.monotonic() - started, 3),
        shard=target.shard.to_json() if target.shard is not None else None,
        extra={"management_group": target.management_group} if target.management_group else {})
    return snapshot


def _subscriptions(arm: JsonReader, target: AzureTarget, snapshot: Snapshot) -> tuple[list[dict[str, Any]], str | None]:
    """The subscriptions to scan, and the tenant when a management group names it."""
    if target.management_group:
        under, tenant = _management_group(arm, target.management_group)
        chosen = [s for s in under if not target.subscriptions or s in target.subscriptions]
        return [{"subscriptionId": s} for s in chosen], tenant
    if target.subscriptions:
        return [{"subscriptionId": s} for s in target.subscriptions], None
    try:
        return [s for s in arm.get_all(SUBSCRIPTIONS_API, "nextLink") if s.get("state", "Enabled") != "Disabled"], None
    except READ_FAILURES as exc:
        snapshot.record_error("Microsoft.Resources/subscriptions list", error_of(exc))
        return [], None


def _management_group(arm: JsonReader, group: str) -> tuple[list[str], str | None]:
    """Every subscription under the group at any depth (GET descendants), and the group's tenant."""
    from urllib.parse import quote

    name = quote(group, safe="")
    try:
        details = arm.get(MANAGEMENT_GROUP_API.format(group=name, part=""))
        descendants = arm.get_all(MANAGEMENT_GROUP_API.format(group=name, part="/descendants"), "nextLink")
    except READ_FAILURES as exc:
        error = error_of(exc)
        raise SrmscanError(f"cannot list management group {group!r} ({error.code}: {error.message}); check the id and "
                           "give the identity Reader (Microsoft.Management/managementGroups/descendants/read) on it") from None
    subscriptions = sorted({item.get("name", "") for item in descendants
                            if str(item.get("type", "")).endswith("/subscriptions") and item.get("name")})
    return subscriptions, (details.get("properties") or {}).get("tenantId")


def _share(target: AzureTarget, subscriptions: list[dict[str, Any]], tenant: str | None) -> tuple[list[dict[str, Any]], bool]:
    """This run's subscriptions, and whether it reads the tenant (a scope like the others when sharded)."""
    if target.shard is None:
        return subscriptions, target.entra
    tenant_scope = [tenant or "unknown"] if target.entra else []
    share = set(target.shard.take([s["subscriptionId"] for s in subscriptions] + tenant_scope))
    return [s for s in subscriptions if s["subscriptionId"] in share], bool(tenant_scope) and tenant_scope[0] in share


class Readers:
    """The Azure transports a declared request runs over: ARM, a data plane (Key Vault), Microsoft Graph, an
    azure-mgmt-storage client per subscription and a Security & Compliance PowerShell client per tenant (each
    created once, on first use)."""

    def __init__(self, credential, target: AzureTarget, reachability: Reachability):
        cloud, workers = target.cloud, target.max_workers
        self.arm = JsonReader(cloud.arm, credential, cloud.arm_scope, workers, reachability)
        self.data_plane = JsonReader(cloud.arm, credential, cloud.keyvault_scope, workers, reachability)
        self.graph = JsonReader(cloud.graph, credential, cloud.graph_scope, workers, reachability)
        self._credential, self._cloud, self._reachability, self._workers = credential, cloud, reachability, workers
        self._compliance: dict[str, Any] = {}
        self._storage_args = (credential, target, reachability)
        self._storage: dict[str, Any] = {}
        self._lock = threading.Lock()

    def compliance(self, tenant: str):
        """The tenant's Security & Compliance PowerShell client (created once, on first use)."""
        from srmscan.providers.azure.compliance import ComplianceReader

        with self._lock:
            if tenant not in self._compliance:
                self._compliance[tenant] = ComplianceReader(self._cloud.compliance, self._cloud.compliance_scope,
                                                            self._credential, tenant, self._workers, self._reachability)
            return self._compliance[tenant]

    def storage(self, subscription: str):
        with self._lock:
            if subscription not in self._storage:
                self._storage[subscription] = _storage_client(*self._storage_args, subscription)
            return self._storage[subscription]


def _storage_client(credential, target: AzureTarget, reachability: Reachability, subscription: str):
    from azure.mgmt.storage import StorageManagementClient

    return StorageManagementClient(credential, subscription, base_url=target.cloud.arm,
                                   credential_scopes=[target.cloud.arm_scope], retry_policy=retry_policy(),
                                   transport=read_only_transport(target.max_workers, reachability))


def _collect_scope(pool: TaskPool, readers: Readers, scope_type: str, scope: str, snapshot: Snapshot,
                   progress, chosen: tuple[str, ...]) -> Resource:
    """A scope's own settings as one resource (the subscription: activity log export and alerts, Defender
    plans and contacts, role assignments ...; the tenant: Entra and Microsoft 365 settings), one task a read.
    Listings with `on_scope` add theirs to the subscription."""
    resource_id = f"/subscriptions/{scope}" if scope_type == SUBSCRIPTION_TYPE else f"/tenants/{scope}"
    resource = Resource("azure", scope_type, resource_id, scope, scope, "global")
    resource.record(READ_AT, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    snapshot.resources.append(resource)
    reads = CATALOGUE.scope_reads(scope_type, chosen)
    progress.add_total(len(reads))
    for read in reads:
        pool.submit(_record, resource, read.key, lambda r=read: r.shape(r.request.run(readers, scope)), progress)
    return resource


def _collect_listed(pool: TaskPool, readers: Readers, kind: ResourceType, scope: str, snapshot: Snapshot,
                    progress, parent: tuple[Resource, dict[str, Any]] | None = None,
                    settings: Resource | None = None) -> None:
    """One resource type of the scope (a subscription, or the tenant for a type listed per tenant; or below one
    parent item), every item in one paged listing (NSGs with all their rules, Key Vaults with their settings,
    custom roles with their permissions, Entra applications with their credentials ...), then
    each item's own reads and child listings (a SQL server's databases), each on the pool. A listing with
    `on_scope` also records its shaped items (or its failure) on the scope resource `settings`; a child
    listing with `counted_as` records how many it found, one with `on_owner` its shaped items (or either, its
    failure) on its parent."""
    owner, owner_item = parent if parent is not None else (None, None)
    listing = kind.listing
    if owner is not None and listing.applies is not None and not listing.applies(owner):
        return
    progress.add_total(1)
    summary = kind.on_scope if settings is not None else None
    where = f"{listing.request.label} list {owner.id if owner is not None else scope}"
    try:
        items = listing.request.run(readers, scope, owner_item)
        kept = [item for item in items if kind.keep is None or kind.keep(item)]
    except (*READ_FAILURES, *MALFORMED) as exc:
        error = unexpected(where, exc) if isinstance(exc, MALFORMED) else error_of(exc)
        snapshot.record_error(where, error, scope)
        for resource, key in ((settings, summary and summary[0]), (owner, listing.counted_as),
                              (owner, listing.on_owner and listing.on_owner[0])):
            if resource is not None and key:
                resource.record_error(key, error)
        return
    finally:
        progress.advance()
    if summary:
        record_read(settings, summary[0], lambda: summary[1](items), (), error_of, NoProgress())
    if owner is not None and listing.counted_as:
        owner.record(listing.counted_as, len(kept))
    if owner is not None and listing.on_owner:
        record_read(owner, listing.on_owner[0], lambda: listing.on_owner[1](items), (), error_of, NoProgress())
    resources = [(resource, item) for item in kept if (resource := listed_resource(
        lambda i=item: Resource("azure", kind.type, *_identity(kind, i, owner), scope,
                                i.get("location") or (owner.region if owner is not None else "global")),
        lambda i=item: kind.config(i), kind.config_keys, where, snapshot, scope)) is not None]
    progress.add_total(len(kind.reads) * len(resources))
    for resource, item in resources:
        snapshot.resources.append(resource)
        submit_reads(pool, resource, kind.reads, lambda read, i=item: read.request.run(readers, scope, i),
                     _record, progress)
        for child in kind.children:
            pool.submit(_collect_listed, pool, readers, child, scope, snapshot, progress, (resource, item))


def _identity(kind: ResourceType, item: dict[str, Any], owner: Resource | None) -> tuple[str, str]:
    if kind.identity is not None:
        return kind.identity(item, owner)
    return item["id"], item.get("name") or item["id"]


def _record(resource: Resource, key: str, call: Callable[[], Any], progress) -> None:
    record_read(resource, key, call, READ_FAILURES, error_of, progress, fatal=AUTH_ERRORS)
