"""The responsibility coverage matrix: every customer duty x every provider scanned (and each of its
accounts / subscriptions / projects), with what srmscan checked there and how it came out.

A cell's status is the worst result in it: FAIL (a failure not waived), else ERROR (could not be
judged), else PASS; "not run" when srmscan has checks for the duty on that provider but none gave a
result in this scan (left out with --checks/--exclude/--service, or no resource of their type), and
"no check yet" when srmscan has no check for it on that provider. A check counts for its primary duty,
the one its findings are tagged with. The provider-owned layers are listed per provider, in the
provider's own words: they are out of scope, and the report says so.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from srmscan.check import CheckMeta, Status
from srmscan.mapping import Mapping

WORST_FIRST = ("FAIL", "ERROR", "PASS")
NOT_RUN = "not run"
NO_CHECK = "no check yet"
CELL_STATUSES = (*WORST_FIRST, NOT_RUN, NO_CHECK)


def build_coverage(findings: Iterable, scans: list[dict[str, Any]], mapping: Mapping,
                   available: Iterable[CheckMeta]) -> dict[str, Any]:
    catalogue = mapping.catalogue
    providers = [p for p in catalogue.provider_models if any(s["provider"] == p for s in scans)]
    offered: dict[tuple[str, str], set[str]] = defaultdict(set)   # (duty, provider) -> check ids srmscan has
    for meta in available:
        offered[(mapping.for_check(meta.id).duties[0], meta.provider)].add(meta.id)

    tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    scopes: dict[str, set[str]] = defaultdict(set)
    for scan in scans:
        scopes[scan["provider"]].update(str(a) for a in scan.get("accounts") or [])
    for finding in findings:
        provider, scope = finding.resource["provider"], str(finding.resource["account"])
        scopes[provider].add(scope)
        tallies[(finding.responsibility["id"], provider)].add(finding, scope)

    return {
        "providers": [{
            "provider": provider,
            "model": catalogue.provider_models[provider].name,
            "url": catalogue.provider_models[provider].url,
            "scopes": sorted(scopes[provider]),
            "provider_owned": [{"id": layer.id, "name": layer.name, "layer": layer.provider_layers[provider]}
                               for layer in catalogue.provider_owned if provider in layer.provider_layers],
        } for provider in providers],
        "duties": [{
            "id": duty.id,
            "name": duty.name,
            "customer_in": list(duty.customer_in),
            "cells": {provider: tallies[(duty.id, provider)].cell(duty.provider_layers[provider],
                                                                  len(offered[(duty.id, provider)]),
                                                                  len(scopes[provider]) > 1)
                      for provider in providers},
        } for duty in catalogue.duties.values()],
    }


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.by_scope: dict[str, Counter] = defaultdict(Counter)
        self.checks: set[str] = set()
        self.service_models: set[str] = set()

    def add(self, finding, scope: str) -> None:
        kind = "waived" if finding.status is Status.FAIL and finding.waiver else finding.status.value
        self.counts[kind] += 1
        self.by_scope[scope][kind] += 1
        self.checks.add(finding.check["id"])
        self.service_models.add(finding.responsibility["service_model"])

    def cell(self, layer: str, available: int, per_scope: bool) -> dict[str, Any]:
        cell = {"layer": layer, "status": _status(self.counts, available), "checks_available": available,
                "checks_run": len(self.checks), "service_models": sorted(self.service_models),
                **_counts(self.counts)}
        if per_scope:
            cell["scopes"] = {scope: {"status": _status(counts, available), **_counts(counts)}
                              for scope, counts in sorted(self.by_scope.items())}
        return cell


def _counts(counts: Counter) -> dict[str, int]:
    return {"PASS": counts["PASS"], "FAIL": counts["FAIL"], "ERROR": counts["ERROR"], "waived": counts["waived"]}


def _status(counts: Counter, available: int) -> str:
    if not available:
        return NO_CHECK
    for status in WORST_FIRST:
        if counts[status]:
            return status
    return "PASS" if counts["waived"] else NOT_RUN
