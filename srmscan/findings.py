"""Findings: a check result joined with its resource, duty, controls and a stable fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from srmscan import __version__
from srmscan.check import Status
from srmscan.engine import Result
from srmscan.mapping import Mapping
from srmscan.model import CollectionError, Snapshot

FINDINGS_FORMAT = "srmscan-findings"
FINDINGS_SCHEMA_VERSION = 1


def fingerprint(check_id: str, resource_id: str) -> str:
    """Same check on the same resource gives the same fingerprint in every run."""
    return hashlib.sha256(f"{check_id}\n{resource_id}".encode()).hexdigest()[:32]


@dataclass
class Finding:
    check: dict[str, Any]
    resource: dict[str, Any]
    status: Status
    message: str
    evidence: dict[str, Any]
    responsibility: dict[str, Any]
    controls: list[dict[str, str]]
    remediation: str
    rationale: str
    fingerprint: str
    labels: dict[str, Any] = field(default_factory=dict)  # filled by gating (waiver, baseline state)

    @property
    def severity(self) -> str:
        return self.check["severity"]

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
        data.update(self.labels)
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
            "waived": sum(1 for f in self.findings if f.labels.get("waiver")),
            "collection_errors": len(self.collection_errors),
            "complete": by_status[Status.ERROR.value] == 0 and not self.collection_errors,
        }
        scopes = self.by_scope()
        if len(scopes) > 1:
            summary["by_scope"] = scopes
        if self.baseline is not None:
            states = [f.labels.get("baseline_state") for f in self.findings]
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
            kind = "waived" if finding.status is Status.FAIL and finding.labels.get("waiver") else finding.status.value
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
        }


def build_report(snapshots: list[Snapshot], results: list[Result], mapping: Mapping) -> Report:
    shared: dict[str, tuple] = {}
    findings = [to_finding(result, mapping, shared) for result in results]
    findings.sort(key=lambda f: (f.check["id"], f.resource["id"]))
    return Report(
        findings=findings,
        scans=[_scan_info(s) for s in snapshots],
        collection_errors=[_collection_error(s.provider, e) for s in snapshots for e in s.errors],
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


def check_parts(meta, mapping: Mapping) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, str]]]:
    """What every finding of one check shares: its check summary, responsibility and controls. Built once
    per check and shared by its findings (read-only), so 100,000 findings do not hold 100,000 copies."""
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
    return check, responsibility, [c.to_json() for c in entry.controls]


def to_finding(result: Result, mapping: Mapping, shared: dict[str, tuple] | None = None) -> Finding:
    meta, resource, verdict = result.check, result.resource, result.verdict
    parts = shared.get(meta.id) if shared is not None else None
    if parts is None:
        parts = check_parts(meta, mapping)
        if shared is not None:
            shared[meta.id] = parts
    check, responsibility, controls = parts
    return Finding(
        check=check,
        resource={"id": resource.id, "type": resource.type, "name": resource.name,
                  "provider": resource.provider, "account": resource.account, "region": resource.region},
        status=verdict.status,
        message=verdict.message,
        evidence=verdict.evidence,
        responsibility=responsibility,
        controls=controls,
        remediation=meta.remediation,
        rationale=meta.rationale,
        fingerprint=fingerprint(meta.id, resource.id),
    )


def _scan_info(snapshot: Snapshot) -> dict[str, Any]:
    return {"provider": snapshot.provider, "tool_version": snapshot.tool_version,
            "resources": len(snapshot.resources), **snapshot.metadata}


def _collection_error(provider: str, error: CollectionError) -> dict[str, str]:
    return {"provider": provider, **error.to_json()}
