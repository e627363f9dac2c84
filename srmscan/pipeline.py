"""The stages after collection, as plain functions: select checks, evaluate, map, gate, report.

`prepare` loads and validates everything a run needs (checks, mappings, waivers, baseline) before any
cloud API is called, so a typo in --checks or a malformed waiver file fails in a second, not after a
long scan. `run` then evaluates snapshots with that plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srmscan.baseline import apply_baseline, load_baseline
from srmscan.check import CheckMeta
from srmscan.coverage import build_coverage
from srmscan.engine import results_of
from srmscan.findings import Report, build_report
from srmscan.config import Config, parse_param_flags, validate_params
from srmscan.errors import SrmscanError
from srmscan.frameworks import Framework, chosen, requirement_report
from srmscan.mapping import Mapping, load_mapping
from srmscan.model import Snapshot, ensure_disjoint
from srmscan.registry import Registry, load_registry
from srmscan.waivers import Waiver, apply_waivers, load_waivers


@dataclass(frozen=True)
class Selection:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    checks_dirs: tuple[Path, ...] = field(default_factory=tuple)
    frameworks: tuple[str, ...] = ()   # --compliance: their checks run, and their requirements are reported
    param_flags: tuple[str, ...] = ()  # --param NAME=VALUE


STORE_BASELINE = Path("store")   # --baseline store: the last stored run of the same scopes


@dataclass(frozen=True)
class Gating:
    baseline: Path | None = None
    waivers: Path | None = None
    store: Any = None              # srmscan.history.store.Store, with --store


@dataclass
class Plan:
    mapping: Mapping
    checks: list[CheckMeta]
    waivers: list[Waiver] | None
    baseline: dict[str, dict[str, Any]] | None
    baseline_source: str | None
    available: list[CheckMeta] = field(default_factory=list)   # every check srmscan has (for coverage)
    frameworks: list[Framework] = field(default_factory=list)   # --compliance
    param_defaults: dict[str, Any] = field(default_factory=dict)  # every check parameter's declared default
    params_given: dict[str, Any] = field(default_factory=dict)    # set in srmscan.toml or with --param
    baseline_store: Any = None     # --baseline store: the store to read the previous run from

    def parameters(self, snapshots: list[Snapshot] = ()) -> dict[str, Any]:
        """The parameters the checks judge by: given ones, else those the snapshots were scanned with, else the
        defaults (a saved snapshot is evaluated as it was scanned unless told otherwise)."""
        recorded = {name: value for snapshot in snapshots for name, value in (snapshot.metadata.parameters or {}).items()
                    if name in self.param_defaults}
        return {**self.param_defaults, **recorded, **self.params_given}


def load_checks(selection: Selection) -> tuple[Registry, Mapping]:
    registry = load_registry(list(selection.checks_dirs))
    mapping = load_mapping(registry.all(), registry.mapping_files)
    return registry, mapping


def prepare(selection: Selection, gating: Gating = Gating(), config: Config | None = None) -> Plan:
    registry, mapping = load_checks(selection)
    declared = registry.parameters()
    given = {**(validate_params(config, declared, config.params) if config is not None else {}),
             **parse_param_flags(list(selection.param_flags), declared)}
    frameworks = chosen(selection.frameworks) if selection.frameworks else []
    include = list(selection.include) + sorted({c for fw in frameworks for checks in fw.checks(mapping).values()
                                                for c in checks})
    checks = registry.select(include, list(selection.exclude))
    waivers = load_waivers(gating.waivers, {m.id for m in registry.all()}) if gating.waivers is not None else None
    from_store = gating.baseline == STORE_BASELINE
    if from_store and gating.store is None:
        raise SrmscanError("--baseline store needs --store URL (the findings history to compare with)")
    baseline = load_baseline(gating.baseline) if gating.baseline is not None and not from_store else None
    return Plan(mapping, checks, waivers, baseline, str(gating.baseline) if gating.baseline is not None else None,
                registry.all(), frameworks, {name: default for name, (default, _) in declared.items()}, given,
                gating.store if from_store else None)


def run(plan: Plan, snapshots: list[Snapshot]) -> Report:
    ensure_disjoint(snapshots)
    report = build_report(snapshots, results_of(snapshots, plan.checks, plan.parameters(snapshots)), plan.mapping)
    if plan.waivers is not None:
        apply_waivers(report, plan.waivers)
    if plan.baseline is not None:
        apply_baseline(report, plan.baseline, plan.baseline_source)
    elif plan.baseline_store is not None:
        _apply_store_baseline(report, plan.baseline_store)
    report.coverage = build_coverage(report.findings, report.scans, plan.mapping, plan.available)
    if plan.frameworks:
        run_checks = {meta.id for meta in plan.checks}
        report.compliance = [requirement_report(fw, report.findings, plan.mapping, run_checks) for fw in plan.frameworks]
    return report


def _apply_store_baseline(report: Report, store: Any) -> None:
    """Compare with the last stored run of the same scopes; with none yet, this run is the baseline (nothing is
    new), so a scheduled audit gates on new findings from its second run on."""
    scopes = sorted({f"{s['provider']}/{a}" for s in report.scans for a in s.get("accounts") or []})
    previous = store.baseline(scopes)
    if previous is None:
        previous = {f.fingerprint: f.to_json() for f in report.findings if f.status.value == "FAIL"}
        report.warnings.append("no stored run of these scopes yet: this run is the baseline (nothing counts as new)")
    apply_baseline(report, previous, "store")


def evaluate_snapshots(snapshots: list[Snapshot], selection: Selection, gating: Gating = Gating()) -> Report:
    return run(prepare(selection, gating), snapshots)
