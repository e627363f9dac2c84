"""Findings: a check result joined with its resource, duty, controls and a stable fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterable

from srmscan import __version__
from srmscan.check import Status
from srmscan.engine import Result
from srmscan.mapping import Mapping as CheckMapping
from srmscan.model import CollectionError, Snapshot

if TYPE_CHECKING:
    from srmscan.waivers import Waiver

FINDINGS_FORMAT = "srmscan-findings"
FINDINGS_SCHEMA_VERSION = 1


def fingerprint(check_id: str, resource_id: str) -> str:
    """Same check on the same resource gives the same fingerprint in every run."""
    return hashlib.sha256(f"{check_id}\n{resource_id}".encode()).hexdigest()[:32]


class BaselineState(str, Enum):
    """A failing finding compared with the baseline: new since it, or failing there already."""

    NEW = "new"
    UNCHANGED = "unchanged"


@dataclass(slots=True)
class GateLabels:
    """What gating says of a finding: the waiver that covers it, its state against the baseline. Kept apart
    from the finding (one slot, empty for most) so that millions of findings stay small."""

    waiver: Waiver | None = None
    baseline_state: BaselineState | None = None


@dataclass(frozen=True, slots=True)
class CheckParts:
    """What every finding of one check shares (read-only): its summary, duty, controls, remediation and
    rationale."""

    check: dict[str, Any]
    responsibility: dict[str, Any]
    controls: list[dict[str, str]]
    remediation: str
    rationale: str


@dataclass(slots=True)
class Finding:
    """One result. Slotted, its check's parts and its resource's summary shared by reference, and its
    fingerprint derived on demand: a 300,000-resource scan holds millions of these."""

    parts: CheckParts
    resource: dict[str, Any]
    status: Status
    message: str
    evidence: dict[str, Any]
    gate: GateLabels | None = None   # what gating said of it, when it said anything (most findings: nothing)

    @property
    def waiver(self) -> Waiver | None:
        """The accepted risk that covers it (set by gating)."""
        return self.gate.waiver if self.gate is not None else None

    @waiver.setter
    def waiver(self, value: Waiver | None) -> None:
        self._labels().waiver = value

    @property
    def baseline_state(self) -> BaselineState | None:
        """New or unchanged since the baseline (set by gating)."""
        return self.gate.baseline_state if self.gate is not None else None

    @baseline_state.setter
    def baseline_state(self, value: BaselineState | None) -> None:
        self._labels().baseline_state = value

    def _labels(self) -> GateLabels:
        if self.gate is None:
            self.gate = GateLabels()
        return self.gate

    @property
    def check(self) -> dict[str, Any]:
        return self.parts.check

    @property
    def responsibility(self) -> dict[str, Any]:
        return self.parts.responsibility

    @property
    def controls(self) -> list[dict[str, str]]:
        return self.parts.controls

    @property
    def remediation(self) -> str:
        return self.parts.remediation

    @property
    def rationale(self) -> str:
        return self.parts.rationale

    @property
    def severity(self) -> str:
        return self.check["severity"]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.check["id"], self.resource["id"])

    def to_json(self) -> dict[str, Any]:
        data = {
            "check": self.check,
            "resource": self.resource,
            "status": self.status.value,
            "message": self.message,
            "evidence": self.evidence,
            "responsibility": self.responsibility,
            "controls": self.controls,
            "remediation": self.remediation,
            "fingerprint": self.fingerprint,
        }
        if self.waiver is not None:
            data["waiver"] = self.waiver.to_json()
        if self.baseline_state is not None:
            data["baseline_state"] = self.baseline_state.value
        return data


@dataclass
class Report:
    findings: list[Finding]
    scans: list[dict[str, Any]]
    collection_errors: list[dict[str, str]]
    generated_at: str
    warnings: list[str] = field(default_factory=list)       # e.g. expired waivers
    fixed: list[dict[str, Any]] = field(default_factory=list)  # failing in the baseline, not any more
    baseline: str | None = None                                # the baseline file, when one was used
    coverage: dict[str, Any] | None = None                     # duty x provider matrix (srmscan.coverage)
    compliance: list[dict[str, Any]] | None = None             # per-requirement reports (--compliance)
    seen: dict[str, tuple[str, str]] | None = None             # --store: fingerprint -> (first seen, last seen)
    trend: list[dict[str, Any]] | None = None                  # --store: failing by severity, earlier runs and this one

    def summary(self) -> dict[str, Any]:
        by_status = {s.value: 0 for s in Status}
        failing_by_severity: dict[str, int] = {}
        for f in self.findings:
            by_status[f.status.value] += 1
            if f.status is Status.FAIL:
                failing_by_severity[f.severity] = failing_by_severity.get(f.severity, 0) + 1
        summary = {
            "results": len(self.findings),
            "by_status": by_status,
            "failing_by_severity": failing_by_severity,
            "waived": sum(1 for f in self.findings if f.waiver),
            "collection_errors": len(self.collection_errors),
            "complete": by_status[Status.ERROR.value] == 0 and not self.collection_errors,
        }
        scopes = self.by_scope()
        if len(scopes) > 1:
            summary["by_scope"] = scopes
        if self.baseline is not None:
            states = [f.baseline_state for f in self.findings]
            summary["baseline"] = {"file": self.baseline, "new": states.count("new"),
                                   "unchanged": states.count("unchanged"), "fixed": len(self.fixed)}
        return summary

    def by_scope(self) -> list[dict[str, Any]]:
        """Totals per scanned account / subscription / project: those with collection errors (not fully read,
        or not entered at all) first, then most failures first."""
        totals: dict[tuple[str, str], dict[str, Any]] = {}

        def entry(provider: str, scope: str) -> dict[str, Any]:
            return totals.setdefault((provider, scope), {"provider": provider, "scope": scope, "PASS": 0, "FAIL": 0,
                                                         "ERROR": 0, "waived": 0, "collection_errors": 0})
        for scan in self.scans:
            for scope in scan.get("accounts") or []:
                entry(scan["provider"], str(scope))
        for finding in self.findings:
            kind = "waived" if finding.status is Status.FAIL and finding.waiver else finding.status.value
            entry(finding.resource["provider"], str(finding.resource["account"]))[kind] += 1
        for error in self.collection_errors:
            if error.get("account"):
                entry(error["provider"], error["account"])["collection_errors"] += 1
        return sorted(totals.values(), key=lambda t: (-t["collection_errors"], -t["FAIL"], -t["ERROR"], t["provider"],
                                                      t["scope"]))

    def to_json(self) -> dict[str, Any]:
        return {**self.head_json(), "findings": [f.to_json() for f in self.findings]}

    def head_json(self) -> dict[str, Any]:
        """to_json() without the findings (which a writer can stream one by one)."""
        return {
            "format": FINDINGS_FORMAT,
            "schema_version": FINDINGS_SCHEMA_VERSION,
            "tool": {"name": "srmscan", "version": __version__},
            "generated_at": self.generated_at,
            "scans": self.scans,
            "summary": self.summary(),
            "collection_errors": self.collection_errors,
            "warnings": self.warnings,
            "fixed_since_baseline": self.fixed,
            **({"coverage": self.coverage} if self.coverage is not None else {}),
            **({"compliance": self.compliance} if self.compliance is not None else {}),
        }


def build_report(snapshots: list[Snapshot], results: Iterable[Result], mapping: CheckMapping) -> Report:
    sharing = Sharing(mapping)
    findings = [to_finding(result, mapping, sharing) for result in results]
    findings.sort(key=lambda f: (f.check["id"], f.resource["id"]))
    return Report(
        findings=findings,
        scans=[_scan_info(s) for s in snapshots],
        collection_errors=[_collection_error(s.provider, e) for s in snapshots for e in s.errors],
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


def check_parts(meta, mapping: CheckMapping) -> CheckParts:
    """What every finding of one check shares: its check summary, responsibility and controls."""
    entry = mapping.for_check(meta.id)
    catalogue = mapping.catalogue
    duty = catalogue.duties[entry.duties[0]]
    model = catalogue.provider_models[meta.provider]
    responsibility = {
        "id": duty.id,
        "name": duty.name,
        "service_model": entry.service_model,
        "provider_model": model.name,
        "provider_model_url": model.url,
        "provider_layer": duty.provider_layers[meta.provider],
        "related": list(entry.duties[1:]),
    }
    if entry.service_category:
        responsibility["service_category"] = entry.service_category
    check = {"id": meta.id, "title": meta.title, "severity": meta.severity.value}
    return CheckParts(check, responsibility, [c.to_json() for c in entry.controls], meta.remediation, meta.rationale)


SHARED_EVIDENCE_CHARS = 200   # evidence this small is looked up by value and shared by equal findings


class Sharing:
    """What findings of one report can share instead of each holding its own copy: each check's parts,
    each resource's summary, equal messages and equal small evidence (read-only once built)."""

    def __init__(self, mapping: CheckMapping):
        self.mapping = mapping
        self.parts: dict[str, CheckParts] = {}
        self.resources: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, str] = {}
        self.evidence: dict[str, dict[str, Any]] = {}

    def check(self, meta) -> CheckParts:
        parts = self.parts.get(meta.id)
        if parts is None:
            parts = self.parts[meta.id] = check_parts(meta, self.mapping)
        return parts

    def resource(self, resource) -> dict[str, Any]:
        summary = self.resources.get(resource.id)
        if summary is None:
            summary = self.resources[resource.id] = {
                "id": resource.id, "type": resource.type, "name": resource.name,
                "provider": resource.provider, "account": resource.account, "region": resource.region}
        return summary

    def message(self, text: str) -> str:
        return self.messages.setdefault(text, text)

    def evidence_like(self, evidence: dict[str, Any]) -> dict[str, Any]:
        key = repr(evidence)   # faithful for JSON-like values; equal keys, equal evidence
        if len(key) > SHARED_EVIDENCE_CHARS:
            return evidence
        return self.evidence.setdefault(key, evidence)


def to_finding(result: Result, mapping: CheckMapping, sharing: Sharing | None = None) -> Finding:
    sharing = sharing or Sharing(mapping)
    verdict = result.verdict
    return Finding(
        parts=sharing.check(result.check),
        resource=sharing.resource(result.resource),
        status=verdict.status,
        message=sharing.message(verdict.message),
        evidence=sharing.evidence_like(verdict.evidence),
    )


def _scan_info(snapshot: Snapshot) -> dict[str, Any]:
    return {"provider": snapshot.provider, "tool_version": snapshot.tool_version,
            "resources": len(snapshot.resources), **snapshot.metadata.to_json()}


def _collection_error(provider: str, error: CollectionError) -> dict[str, str]:
    return {"provider": provider, **error.to_json()}
