"""Evaluate checks over snapshots: every (check, applicable resource) pair gives exactly one result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from srmscan.check import CheckMeta, Status, Verdict
from srmscan.model import Snapshot
from srmscan.registry import unmet_reads
from srmscan.views import DataUnavailable, ResourceView, SnapshotView


@dataclass(frozen=True)
class Result:
    check: CheckMeta
    resource: ResourceView
    verdict: Verdict


def evaluate(snapshots: list[Snapshot], checks: list[CheckMeta]) -> list[Result]:
    return list(results_of(snapshots, checks))


def results_of(snapshots: list[Snapshot], checks: list[CheckMeta], params: dict[str, Any] | None = None) -> Iterator[Result]:
    """Run every check on every resource of its type, except in snapshots whose collection was
    narrowed so that the check's data was not asked for (e.g. `--service s3`): those pairs are not
    applicable, as opposed to data that was asked for and could not be read (ERROR). One result at a
    time, so that a caller keeping less than the results never holds them all."""
    world = SnapshotView(snapshots, {**{n: d for meta in checks for n, d in meta.params.items()}, **(params or {})})
    collected = [(snapshot, collected_types(snapshot)) for snapshot in snapshots]
    for meta in checks:
        for snapshot, types in collected:
            if types is not None and (meta.resource_type not in types or unmet_reads(meta, types)):
                continue
            for resource in world.resources_of(snapshot, meta.resource_type):
                yield Result(meta, resource, run_check(meta, resource, world))


def collected_types(snapshot: Snapshot) -> dict[str, frozenset[str]] | None:
    """What the snapshot declares it collected (metadata "collected": type -> keys); None when it does
    not say (then every check applies). A check whose type or reads are outside it does not apply."""
    collected = snapshot.metadata.collected
    if collected is None:
        return None
    return {str(t): frozenset(keys) for t, keys in collected.items()}


def run_check(meta: CheckMeta, resource: ResourceView, world: SnapshotView) -> Verdict:
    try:
        verdict = meta.func(resource, world)
    except DataUnavailable as missing:
        where = "" if missing.resource_id == resource.id else f" of {missing.resource_id}"
        return Verdict(Status.ERROR,
                       f"could not read {missing.key}{where}: {missing.error.code}: {missing.error.message}",
                       {"unreadable": missing.key, "error_code": missing.error.code})
    except Exception as exc:  # a crashing check must never hide a resource: it becomes ERROR
        return Verdict(Status.ERROR, f"check {meta.id} failed: {type(exc).__name__}: {exc}",
                       {"internal_error": type(exc).__name__})
    if not isinstance(verdict, Verdict):
        return Verdict(Status.ERROR, f"check {meta.id} returned {type(verdict).__name__}, not a Verdict", {})
    if meta.params:   # the values it judged by, on every result
        verdict.evidence.setdefault("parameters", {name: world.param(name) for name in meta.params})
    return verdict
