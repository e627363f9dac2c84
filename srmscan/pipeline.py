"""The stages after collection, as plain functions: select checks, evaluate, map, report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from srmscan.engine import evaluate
from srmscan.findings import Report, build_report
from srmscan.mapping import Mapping, load_mapping
from srmscan.model import Snapshot
from srmscan.registry import Registry, load_registry


@dataclass(frozen=True)
class Selection:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    checks_dirs: tuple[Path, ...] = field(default_factory=tuple)


def load_checks(selection: Selection) -> tuple[Registry, Mapping]:
    registry = load_registry(list(selection.checks_dirs))
    mapping = load_mapping(registry.all(), registry.mapping_files)
    return registry, mapping


def evaluate_snapshots(snapshots: list[Snapshot], selection: Selection) -> Report:
    registry, mapping = load_checks(selection)
    checks = registry.select(list(selection.include), list(selection.exclude))
    return build_report(snapshots, evaluate(snapshots, checks), mapping)
