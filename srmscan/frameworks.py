"""Compliance frameworks as data (mappings/frameworks/*.yaml): every requirement of a framework srmscan maps to,
automated or manual, with its source and the day it was read. A requirement is covered by the checks whose mapping
names its id under the framework's title (mappings/<provider>.yaml); an automated requirement no check covers is
"not covered", with the reason the data gives. `requirement_report` turns a report's findings into the
per-requirement view an auditor asks for."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from srmscan.check import Status
from srmscan.errors import SrmscanError
from srmscan.mapping import Mapping
from srmscan.paths import mappings_dir
from srmscan.yamlfile import load_yaml

NOT_COVERED_WHY = "no srmscan check yet"
FAILING_SHOWN = 10   # failing resources listed per requirement (the counts are complete)


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    section: str
    manual: bool
    why: str = ""


@dataclass(frozen=True)
class Framework:
    id: str
    name: str          # the framework title the mappings use
    provider: str
    source: str
    read: str
    requirements: tuple[Requirement, ...]

    def checks(self, mapping: Mapping) -> dict[str, list[str]]:
        """requirement id -> the checks that cover it."""
        covered: dict[str, list[str]] = {}
        for entry in mapping.checks.values():
            for control in entry.controls:
                if control.framework == self.name:
                    covered.setdefault(control.id, []).append(entry.check_id)
        return {key: sorted(value) for key, value in covered.items()}


def frameworks_dir() -> Path:
    return mappings_dir() / "frameworks"


@functools.lru_cache(maxsize=8)
def load_frameworks(directory: Path | None = None) -> dict[str, Framework]:
    """Every framework file, read once per process (they are data that do not change during a run)."""
    found = {}
    for path in sorted((directory or frameworks_dir()).glob("*.yaml")):
        data = load_yaml(path, "framework file", cache=True)
        requirements = tuple(Requirement(str(r["id"]), str(r.get("title") or ""), str(r.get("section") or ""),
                                         r.get("assessment") == "manual", str(r.get("why") or ""))
                             for r in data["requirements"])
        found[data["id"]] = Framework(data["id"], data["name"], data["provider"], data["source"], str(data["read"]),
                                      requirements)
    return found


def chosen(ids: tuple[str, ...], directory: Path | None = None) -> list[Framework]:
    """The frameworks named with --compliance, or one clear error listing those there are."""
    known = load_frameworks(directory)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise SrmscanError(f"unknown --compliance {unknown[0]!r}; choose one of: {', '.join(known)} "
                           "(`srmscan frameworks` lists them)")
    return [known[i] for i in dict.fromkeys(ids)]


def requirement_report(framework: Framework, findings: list[Any], mapping: Mapping, run_checks: set[str]) -> dict:
    """Per requirement: status (pass, fail, error, manual, not covered, not run), counts and failing resources."""
    covering = framework.checks(mapping)
    by_check: dict[str, list[Any]] = {}
    for finding in findings:
        by_check.setdefault(finding.check["id"], []).append(finding)
    rows = []
    for requirement in framework.requirements:
        checks = covering.get(requirement.id, [])
        row: dict[str, Any] = {"id": requirement.id, "title": requirement.title, "section": requirement.section,
                               "assessment": "manual" if requirement.manual else "automated", "checks": checks}
        results = [f for c in checks for f in by_check.get(c, [])]
        counts = {"PASS": 0, "FAIL": 0, "ERROR": 0, "waived": 0}
        for finding in results:
            if finding.status is Status.FAIL and finding.waiver is not None:
                counts["waived"] += 1
            else:
                counts[finding.status.value] += 1
        row["counts"] = counts
        failing = [f for f in results if f.status is Status.FAIL and f.waiver is None]
        row["failing"] = [{"check": f.check["id"], "resource": f.resource["id"], "name": f.resource["name"],
                           "account": f.resource["account"], "fingerprint": f.fingerprint}
                          for f in failing[:FAILING_SHOWN]]
        row["status"] = _status(requirement, checks, counts, run_checks)
        if row["status"] == "not covered":
            row["why"] = requirement.why or NOT_COVERED_WHY
        rows.append(row)
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["status"]] = totals.get(row["status"], 0) + 1
    return {"id": framework.id, "name": framework.name, "provider": framework.provider, "source": framework.source,
            "read": framework.read, "totals": totals, "requirements": rows}


def _status(requirement: Requirement, checks: list[str], counts: dict[str, int], run_checks: set[str]) -> str:
    if not checks:
        return "manual" if requirement.manual else "not covered"
    if not set(checks) & run_checks:
        return "not run"
    if counts["FAIL"]:
        return "fail"
    if counts["ERROR"]:
        return "error"
    return "pass"
