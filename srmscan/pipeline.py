"""The stages after collection, as plain functions: select checks, evaluate, map, report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from srmscan.baseline import apply_baseline, load_baseline
from srmscan.engine import evaluate
from srmscan.findings import Report, build_report
from srmscan.mapping import Mapping, load_mapping
from srmscan.model import Snapshot
from srmscan.registry import Registry, load_registry
from srmscan.waivers import apply_waivers, load_waivers


@dataclass(frozen=True)
class Selection:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    checks_dirs: tuple[Path, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Gating:
    baseline: Path | None = None
    waivers: Path | None = None


def load_checks(selection: Selection) -> tuple[Registry, Mapping]:
    registry = load_registry(list(selection.checks_dirs))
    mapping = load_mapping(registry.all(), registry.mapping_files)
    return registry, mapping


def evaluate_snapshots(snapshots: list[Snapshot], selection: Selection, gating: Gating = Gating()) -> Report:
    registry, mapping = load_checks(selection)
    checks = registry.select(list(selection.include), list(selection.exclude))
    report = build_report(snapshots, evaluate(snapshots, checks), mapping)
    if gating.waivers is not None:
        apply_waivers(report, load_waivers(gating.waivers, {m.id for m in registry.all()}))
    if gating.baseline is not None:
        apply_baseline(report, load_baseline(gating.baseline), str(gating.baseline))
    return report
