"""Read-only views that checks receive.

Reading a config key whose collection failed (or that was never collected) raises
DataUnavailable, which the engine turns into an ERROR result. A check therefore cannot PASS on data
it did not see, and it only needs the data on the paths it actually takes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from srmscan.model import ReadError, Resource, Snapshot

ACCOUNT_TYPE_SUFFIX = ".account"
REGION_TYPE_SUFFIX = ".region"


class DataUnavailable(Exception):
    def __init__(self, resource_id: str, key: str, error: ReadError):
        super().__init__(f"{key}: {error.code}")
        self.resource_id = resource_id
        self.key = key
        self.error = error


_NOT_COLLECTED = ReadError("NotCollected", "this value was not collected")


class ConfigView(Mapping):
    def __init__(self, resource: Resource):
        self._resource = resource

    def __getitem__(self, key: str) -> Any:
        errors = self._resource.errors
        if key in errors:
            raise DataUnavailable(self._resource.id, key, errors[key])
        if key in self._resource.skipped:
            raise DataUnavailable(self._resource.id, key, ReadError("NotRead", self._resource.skipped[key]))
        try:
            return self._resource.config[key]
        except KeyError:
            raise DataUnavailable(self._resource.id, key, _NOT_COLLECTED) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._resource.config)

    def __len__(self) -> int:
        return len(self._resource.config)


class ResourceView:
    __slots__ = ("provider", "type", "id", "name", "account", "region", "config")

    def __init__(self, resource: Resource):
        self.provider = resource.provider
        self.type = resource.type
        self.id = resource.id
        self.name = resource.name
        self.account = resource.account
        self.region = resource.region
        self.config = ConfigView(resource)


class SnapshotView:
    """What a check may look up besides its own resource."""

    def __init__(self, snapshots: list[Snapshot], params: dict[str, Any] | None = None):
        self._params = dict(params or {})   # the checks' parameters in effect (srmscan.parameters)
        self._accounts: dict[tuple[str, str], ResourceView] = {}
        self._regions: dict[tuple[str, str, str], ResourceView] = {}
        self._by_id: dict[str, ResourceView] = {}
        self._by_type: dict[str, list[ResourceView]] = {}
        self._by_snapshot: dict[tuple[int, str], list[ResourceView]] = {}
        for snapshot in snapshots:
            for resource in snapshot.resources:
                view = ResourceView(resource)
                self._by_id[resource.id] = view
                self._by_type.setdefault(resource.type, []).append(view)
                self._by_snapshot.setdefault((id(snapshot), resource.type), []).append(view)
                if resource.type == resource.provider + ACCOUNT_TYPE_SUFFIX:
                    self._accounts[(resource.provider, resource.account)] = view
                elif resource.type == resource.provider + REGION_TYPE_SUFFIX:
                    self._regions[(resource.provider, resource.account, resource.region)] = view

    def account(self, resource: ResourceView) -> ResourceView:
        """The account-level settings resource (`<provider>.account`) of `resource`."""
        found = self._accounts.get((resource.provider, resource.account))
        if found is None:
            raise DataUnavailable(resource.id, "account",
                                  ReadError("NotCollected", f"no settings of account {resource.account} in the snapshot"))
        return found

    def param(self, name: str) -> Any:
        """The value of a check parameter (declared with its default in the check's `params`)."""
        return self._params[name]

    def optional(self, resource: ResourceView, key: str) -> Any:
        """An optional setting of `resource`'s account (declared `account.KEY?` in reads): None when the account's
        settings or that key were not collected or could not be read. A check may only use it to decide more
        (a guardrail that voids a finding), never to pass on data it did not see."""
        try:
            return self.account(resource).config[key]
        except DataUnavailable:
            return None

    def read_on(self, resource: ResourceView) -> date:
        """The day `resource`'s account was read (`account.read_at`): checks that depend on a date judge that day,
        so a snapshot evaluated later gives the same verdicts."""
        return datetime.fromisoformat(self.account(resource).config["read_at"]).date()

    def region(self, resource: ResourceView, region: str | None = None) -> ResourceView:
        """The region-level settings resource (`<provider>.region`) of `resource`'s account and region
        (or of `region` in that account)."""
        name = region or resource.region
        found = self._regions.get((resource.provider, resource.account, name))
        if found is None:
            raise DataUnavailable(resource.id, "region",
                                  ReadError("NotCollected", f"no settings of region {name} of account "
                                                            f"{resource.account} in the snapshot"))
        return found

    def in_account(self, resource: ResourceView, resource_type: str) -> list[ResourceView]:
        """Every resource of `resource_type` in `resource`'s account."""
        return [r for r in self._by_type.get(resource_type, ()) if r.account == resource.account
                and r.provider == resource.provider]

    def resource(self, owner: ResourceView, resource_id: str) -> ResourceView:
        """Another resource by id (e.g. a container's storage account), as `owner` refers to it."""
        found = self._by_id.get(resource_id)
        if found is None:
            raise DataUnavailable(owner.id, resource_id,
                                  ReadError("NotCollected", f"{resource_id} is not in the snapshot"))
        return found

    def resources_of(self, snapshot: Snapshot, resource_type: str) -> list[ResourceView]:
        """The resources of one of the snapshots, by type."""
        return list(self._by_snapshot.get((id(snapshot), resource_type), ()))

    def resources(self, resource_type: str) -> list[ResourceView]:
        return list(self._by_type.get(resource_type, ()))
