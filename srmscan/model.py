"""The snapshot model: what collectors produce and checks read.

A Snapshot round-trips through JSON without loss; `SNAPSHOT_SCHEMA_VERSION` changes whenever the
shape changes, and loading refuses versions it does not know.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srmscan import __version__
from srmscan.errors import InputError

SNAPSHOT_FORMAT = "srmscan-snapshot"
SNAPSHOT_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ReadError:
    """Why one read failed: the provider's error code (e.g. AccessDenied) and its message."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ReadError":
        return cls(code=str(data["code"]), message=str(data.get("message", "")))


@dataclass(slots=True)
class Resource:
    """One cloud resource (or account-level settings) as it was read."""

    provider: str
    type: str
    id: str
    name: str
    account: str
    region: str
    config: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, ReadError] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)   # key -> why it was not read (moot for the verdicts)

    def record(self, key: str, value: Any) -> None:
        self.config[key] = value

    def skip(self, key: str, reason: str) -> None:
        self.skipped[key] = reason

    def record_error(self, key: str, error: ReadError) -> None:
        self.errors[key] = error

    def to_json(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "type": self.type,
            "id": self.id,
            "name": self.name,
            "account": self.account,
            "region": self.region,
            "config": self.config,
            "errors": {key: err.to_json() for key, err in sorted(self.errors.items())},
            **({"skipped": dict(sorted(self.skipped.items()))} if self.skipped else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Resource":
        return cls(
            provider=str(data["provider"]),
            type=str(data["type"]),
            id=str(data["id"]),
            name=str(data["name"]),
            account=str(data["account"]),
            region=str(data["region"]),
            config=_own_dict(data.get("config")),
            errors={k: ReadError.from_json(v) for k, v in (data.get("errors") or {}).items()},
            skipped={str(k): str(v) for k, v in (data.get("skipped") or {}).items()},
        )


def _own_dict(value: Any) -> dict[str, Any]:
    """A parsed JSON object is used as it is (a snapshot's configs are most of its memory); anything else
    must convert to one."""
    return value if type(value) is dict else dict(value or {})


@dataclass(frozen=True)
class CollectionError:
    """A read that failed outside any one resource (e.g. listing the buckets)."""

    scope: str
    code: str
    message: str
    account: str = ""   # the account / subscription / project it concerns ("" for the whole scan)

    def to_json(self) -> dict[str, str]:
        data = {"scope": self.scope, "code": self.code, "message": self.message}
        if self.account:
            data["account"] = self.account
        return data


@dataclass
class ScanMetadata:
    """What every adapter records about its scan, the same way (a snapshot's `metadata`). Facts only one
    provider has (AWS regions not enabled, the organisation's counts, a GCP API endpoint ...) are in `extra`."""

    scanned_at: str = ""
    scanned_by: str = ""
    accounts: list[str] = field(default_factory=list)     # accounts / subscriptions (and tenant) / projects
    regions: list[str] = field(default_factory=list)
    endpoint_url: str | None = None
    # What the scan asked for: resource type -> config keys. A check needing anything else does not apply to
    # the snapshot (--service); None (snapshots that do not say) lets every check apply.
    collected: dict[str, list[str]] | None = None
    services: list[str] | None = None
    duration_seconds: float | None = None
    api_requests: int | None = None
    api_retries: int | None = None
    processes: int | None = None
    shard: dict[str, Any] | None = None                   # srmscan.sharding.Shard.to_json() of a sharded run
    parameters: dict[str, Any] | None = None              # the checks' parameters of the scan (srmscan.toml)
    extra: dict[str, Any] = field(default_factory=dict)

    ALWAYS = ("scanned_at", "scanned_by", "accounts", "regions", "endpoint_url")

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.ALWAYS}
        for name in ("services", "collected", "duration_seconds", "api_requests", "api_retries", "processes", "shard",
                     "parameters"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return {**data, **self.extra}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ScanMetadata":
        if not isinstance(data, dict):
            raise TypeError(f"metadata is a {type(data).__name__}, not an object")
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        fields = {name: data[name] for name in known if name in data}
        for name in ("accounts", "regions"):
            fields[name] = [str(item) for item in fields.get(name) or []]
        if fields.get("collected") is not None and not isinstance(fields["collected"], dict):
            raise TypeError("metadata.collected is not an object")
        if fields.get("shard") is not None and not isinstance(fields["shard"], dict):
            fields["shard"] = None
        if fields.get("parameters") is not None and not isinstance(fields["parameters"], dict):
            raise TypeError("metadata.parameters is not an object")
        return cls(**fields, extra={k: v for k, v in data.items() if k not in known})


@dataclass
class Snapshot:
    """Resources of one provider plus the metadata of the scan that read them."""

    provider: str
    resources: list[Resource] = field(default_factory=list)
    metadata: ScanMetadata = field(default_factory=ScanMetadata)
    errors: list[CollectionError] = field(default_factory=list)
    tool_version: str = __version__
    source: str = field(default="", compare=False)  # the file it was loaded from (not serialised)

    def record_error(self, scope: str, error: ReadError, account: str = "") -> None:
        """A read outside any one resource failed (e.g. a listing): the scan is incomplete."""
        self.errors.append(CollectionError(scope, error.code, error.message, account))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SNAPSHOT_FORMAT,
            "schema_version": SNAPSHOT_SCHEMA_VERSION,
            "tool_version": self.tool_version,
            "provider": self.provider,
            "metadata": self.metadata.to_json(),
            "errors": [e.to_json() for e in self.errors],
            "resources": [r.to_json() for r in self.resources],
        }

    @classmethod
    def from_json(cls, data: Any, source: str = "snapshot") -> "Snapshot":
        if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
            raise InputError(f"{source}: not an srmscan snapshot (no \"format\": \"{SNAPSHOT_FORMAT}\"); "
                             "create one with `srmscan collect`")
        version = data.get("schema_version")
        if version != SNAPSHOT_SCHEMA_VERSION:
            raise InputError(f"{source}: snapshot schema version {version!r} is not supported "
                             f"(this srmscan reads version {SNAPSHOT_SCHEMA_VERSION}); collect it again")
        try:
            snapshot = cls(
                provider=str(data["provider"]),
                tool_version=str(data.get("tool_version", "unknown")),
                metadata=ScanMetadata.from_json(data.get("metadata") or {}),
                errors=[CollectionError(str(e["scope"]), str(e["code"]), str(e.get("message", "")),
                                        str(e.get("account", ""))) for e in data.get("errors") or []],
                resources=[Resource.from_json(r) for r in data["resources"]],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"{source}: malformed snapshot ({type(exc).__name__}: {exc}); "
                             "collect it again with `srmscan collect`") from None
        snapshot.check_consistent(source)
        return snapshot

    def check_consistent(self, source: str) -> None:
        """A provider srmscan knows, resources of that provider, each resource once."""
        from srmscan.providers import PROVIDERS

        if self.provider not in PROVIDERS:
            raise InputError(f"{source}: snapshot of unknown provider {self.provider!r} (srmscan reads "
                             f"{', '.join(PROVIDERS)}); check the file")
        seen: set[str] = set()
        for resource in self.resources:
            if resource.provider != self.provider:
                raise InputError(f"{source}: resource {resource.id} is of provider {resource.provider!r} in a "
                                 f"{self.provider} snapshot; check the file")
            if resource.id in seen:
                raise InputError(f"{source}: resource {resource.id} is listed twice; each result would be counted "
                                 "twice: collect the snapshot again")
            seen.add(resource.id)

    def dump(self, path: Path) -> None:
        from srmscan.outputfiles import write_atomically

        write_atomically(path, self.dumps())

    def dumps(self) -> str:
        return json.dumps(self.to_json(), separators=(",", ":"), default=str) + "\n"

    @classmethod
    def load(cls, path: Path) -> "Snapshot":
        from srmscan.inputfiles import load_json

        data = load_json(path, "snapshot", top="{")
        snapshot = cls.from_json(data, source=str(path))
        snapshot.source = str(path)
        return snapshot


def ensure_disjoint(snapshots: list[Snapshot]) -> None:
    """Refuse snapshots that share resources: evaluated together they would count each one twice
    (e.g. `srmscan evaluate a.json a.json`, or two scans of the same account)."""
    owner: dict[str, int] = {}
    for index, snapshot in enumerate(snapshots):
        for resource in snapshot.resources:
            first = owner.setdefault(resource.id, index)
            if first == index:
                continue
            shared = len({r.id for r in snapshots[first].resources} & {r.id for r in snapshot.resources})
            more = f" (and {shared - 1} more shared resources)" if shared > 1 else ""
            raise InputError(f"{_name(snapshots[first], first)} and {_name(snapshot, index)} both contain "
                             f"{resource.id}{more}: evaluating them together would count each result twice; "
                             "pass each scan's snapshot once (shards of one scan never overlap)")


def _name(snapshot: Snapshot, index: int) -> str:
    return snapshot.source or f"snapshot {index + 1}"
