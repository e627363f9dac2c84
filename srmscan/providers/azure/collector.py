"""Collect Azure storage (per subscription) and Entra / Microsoft 365 tenant settings into a Snapshot."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Any, Callable

from srmscan.concurrency import TaskPool
from srmscan.errors import SrmscanError
from srmscan.model import Resource, ScanMetadata, Snapshot
from srmscan.providers.azure.target import AzureTarget
from srmscan.providers.azure.http import (AUTH_ERRORS, READ_FAILURES, JsonReader, credential_problem, error_of,
                                          make_credential, read_only_transport, retry_policy)
from srmscan.providers.reachability import Reachability
from srmscan.progress import NoProgress
from srmscan.providers.recording import MALFORMED, listed_resource, record_read, unexpected
from srmscan.providers.azure.declare import (ACCOUNT_TYPE, CONTAINER_TYPE, SUBSCRIPTION_TYPE, TENANT_TYPE, ArmListing,
                                             ArmRead, plain, resource_group_of)
from srmscan.providers.azure.reads import (ARM_LISTINGS, GRAPH_READS, MANAGEMENT_GROUP_API, SUBSCRIPTION_READS,
                                           SUBSCRIPTIONS_API, resource_types)
from srmscan.providers.azure.services.storage import account_config, blob_service_config


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
    arm = JsonReader(target.cloud.arm, credential, target.cloud.arm_scope, target.max_workers, reachability)
    vaults = JsonReader(target.cloud.arm, credential, target.cloud.keyvault_scope, target.max_workers, reachability)
    snapshot = Snapshot(provider="azure")
    try:
        credential.get_token(target.cloud.arm_scope)  # fail fast, with one clear line, when there is no identity
        subscriptions, group_tenant = _subscriptions(arm, target, snapshot)
        tenant = target.tenant or group_tenant or next((s.get("tenantId") for s in subscriptions if s.get("tenantId")),
                                                       None)
        subscriptions, read_tenant = _share(target, subscriptions, tenant)
        with TaskPool(target.max_workers) as pool:
            if read_tenant:
                _collect_tenant(pool, JsonReader(target.cloud.graph, credential, target.cloud.graph_scope,
                                                 target.max_workers, reachability), tenant, snapshot, progress)
            for subscription in subscriptions:  # each subscription lists its accounts in its own task
                pool.submit(_collect_storage, pool, credential, target, subscription["subscriptionId"], snapshot,
                            progress, reachability)
                settings = _collect_subscription_settings(pool, arm, subscription["subscriptionId"], snapshot, progress)
                for kind in ARM_LISTINGS:
                    pool.submit(_collect_listed, pool, (arm, vaults), kind, subscription["subscriptionId"], snapshot,
                                progress, "", settings)
            pool.wait()
    except AUTH_ERRORS as exc:
        raise credential_problem(exc) from None
    snapshot.resources.sort(key=lambda r: (r.type, r.id))
    snapshot.metadata = ScanMetadata(
        scanned_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), scanned_by=type(credential).__name__,
        accounts=sorted({s["subscriptionId"] for s in subscriptions} | ({tenant or "unknown"} if read_tenant else set())),
        regions=sorted({r.region for r in snapshot.resources if r.region != "global"}), endpoint_url=target.cloud.arm,
        collected={kind: sorted(keys) for kind, keys in sorted(resource_types().items())},
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


def _storage_client(credential, target: AzureTarget, subscription: str, reachability: Reachability):
    from azure.mgmt.storage import StorageManagementClient

    return StorageManagementClient(credential, subscription, base_url=target.cloud.arm,
                                   credential_scopes=[target.cloud.arm_scope], retry_policy=retry_policy(),
                                   transport=read_only_transport(target.max_workers, reachability))


def _collect_storage(pool: TaskPool, credential, target: AzureTarget, subscription: str, snapshot: Snapshot,
                     progress, reachability: Reachability) -> None:
    client = _storage_client(credential, target, subscription, reachability)
    try:
        accounts = list(client.storage_accounts.list())
    except READ_FAILURES as exc:
        snapshot.record_error(f"storageAccounts list {subscription}", error_of(exc), subscription)
        return
    progress.add_total(2 * len(accounts))
    for account in accounts:
        resource = Resource("azure", ACCOUNT_TYPE, account.id, account.name, subscription, account.location or "unknown",
                            config=account_config(account))
        snapshot.resources.append(resource)
        if resource.config["kind"] == "FileStorage":  # premium file shares only: no Blob service, no containers
            resource.record("blob_service", None)
            progress.advance(2)
            continue
        group = resource_group_of(account.id)
        pool.submit(_record, resource, "blob_service",
                    lambda g=group, n=account.name: blob_service_config(client.blob_services.get_service_properties(g, n)),
                    progress)
        pool.submit(_read_containers, client, resource, group, snapshot, progress)



def _arm_read(arm: JsonReader, read: ArmRead, path: str) -> Any:
    return read.shape(arm.get_all(path, "nextLink") if read.paged else arm.get(path))


def _item_read(readers: tuple[JsonReader, JsonReader], read: ArmRead, item: dict[str, Any]) -> Any:
    """An item's own read: on ARM below its id, or on its data plane (a vault's URI) with that API's token."""
    arm, data_plane = readers
    if read.data_plane is None:
        return _arm_read(arm, read, item["id"] + read.path)
    base = read.data_plane(item)
    if not base.startswith("https://"):
        from azure.core.exceptions import ServiceRequestError

        raise ServiceRequestError(f"{item['id']} names no data-plane URI")
    return _arm_read(data_plane, read, base.rstrip("/") + "/" + read.path)


def _collect_subscription_settings(pool: TaskPool, arm: JsonReader, subscription: str, snapshot: Snapshot,
                                   progress) -> Resource:
    """The subscription's own settings as one resource: activity log export and alerts, Defender for Cloud
    plans and contacts, role assignments ... (listings with `on_subscription` add theirs)."""
    resource = Resource("azure", SUBSCRIPTION_TYPE, f"/subscriptions/{subscription}", subscription, subscription,
                        "global")
    snapshot.resources.append(resource)
    progress.add_total(len(SUBSCRIPTION_READS))
    for key, read in SUBSCRIPTION_READS.items():
        pool.submit(_record, resource, key, lambda r=read: _arm_read(arm, r, r.path.format(subscription=subscription)),
                    progress)
    return resource


def _collect_listed(pool: TaskPool, readers: tuple[JsonReader, JsonReader], kind: ArmListing, subscription: str,
                    snapshot: Snapshot, progress, parent: str = "", settings: Resource | None = None) -> None:
    """One resource type of the subscription, every item in one paged listing (NSGs with all their rules,
    Key Vaults with their settings, custom roles with their permissions ...), then each item's own reads and
    child listings (a SQL server's databases), each on the pool. A listing with `on_subscription` also records
    its shaped items (or its failure) on the subscription resource `settings`."""
    progress.add_total(1)
    path = parent + kind.api if parent else kind.api.format(subscription=subscription)
    summary = kind.on_subscription if settings is not None else None
    listing = f"{kind.name} list {parent or subscription}"
    try:
        items = readers[0].get_all(path, "nextLink")
        kept = [item for item in items if kind.keep(item)]
    except (*READ_FAILURES, *MALFORMED) as exc:
        error = unexpected(listing, exc) if isinstance(exc, MALFORMED) else error_of(exc)
        snapshot.record_error(listing, error, subscription)
        if summary:
            settings.record_error(summary[0], error)
        return
    finally:
        progress.advance()
    if summary:
        record_read(settings, summary[0], lambda: summary[1](items), (), error_of, NoProgress())
    resources = [(resource, item) for item in kept if (resource := listed_resource(
        lambda i=item: Resource("azure", kind.type, i["id"], kind.display(i), subscription, i.get("location") or "global"),
        lambda i=item: kind.config(i), kind.keys, listing, snapshot, subscription)) is not None]
    progress.add_total(len(kind.item_reads) * len(resources))
    for resource, item in resources:
        snapshot.resources.append(resource)
        for key, read in kind.item_reads.items():
            pool.submit(_record, resource, key, lambda r=read, i=item: _item_read(readers, r, i), progress)
        for child in kind.children:
            pool.submit(_collect_listed, pool, readers, child, subscription, snapshot, progress, resource.id)


def _record(resource: Resource, key: str, call: Callable[[], Any], progress) -> None:
    record_read(resource, key, call, READ_FAILURES, error_of, progress, fatal=AUTH_ERRORS)


def _read_containers(client, account: Resource, group: str, snapshot: Snapshot, progress) -> None:
    try:
        containers = list(client.blob_containers.list(group, account.name))
    except READ_FAILURES as exc:
        error = error_of(exc)
        account.record_error("containers", error)
        snapshot.record_error(f"containers of {account.id}", error, account.account)
        return
    finally:
        progress.advance()
    account.record("containers", len(containers))
    for container in containers:
        snapshot.resources.append(Resource(
            "azure", CONTAINER_TYPE, container.id, f"{account.name}/{container.name}", account.account, account.region,
            config={"public_access": plain(container.public_access) or "None", "storage_account_id": account.id}))


def _collect_tenant(pool: TaskPool, graph: JsonReader, tenant: str | None, snapshot: Snapshot, progress) -> None:
    tenant_id = tenant or "unknown"
    resource = Resource("azure", TENANT_TYPE, f"/tenants/{tenant_id}", tenant_id, tenant_id, "global")
    snapshot.resources.append(resource)
    progress.add_total(len(GRAPH_READS))
    for key, read in GRAPH_READS.items():
        call = (lambda p=read.path: graph.get_all(p, "@odata.nextLink")) if read.paged else \
               (lambda p=read.path: _without_odata(graph.get(p)))
        pool.submit(_record, resource, key, call, progress)


def _without_odata(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if not k.startswith("@odata.")}
