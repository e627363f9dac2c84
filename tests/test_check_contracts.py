"""Checks prove their contract: every config key a check body reads, of its own resource or of a related
one, is declared in its `reads=` (which the engine uses to decide what applies to a narrowed scan).

Each check runs over every case fixture and bundled snapshot with the reads recorded; a key outside the
declaration fails the test naming check, owner and key. Then, for every service of every cloud that has
service selection, a scan narrowed to that service gives "not applicable" (no result), never ERROR, for
the checks of the other services.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from pathlib import Path

import pytest

from srmscan import engine, views
from srmscan.model import Snapshot
from srmscan.pipeline import Selection, evaluate_snapshots
from srmscan.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
WORLDS = sorted((ROOT / "fixtures" / "checks").glob("*.json")) + sorted((ROOT / "fixtures" / "demo").glob("*.json"))


def _owner_of(meta, resource_type: str) -> str | None:
    """How `reads=` names a key of a resource of `resource_type` for this check: "" for its own resource,
    else the last part of the related type (account, region, ...)."""
    return "" if resource_type == meta.resource_type else resource_type.rsplit(".", 1)[-1]


@pytest.fixture(scope="module")
def keys_read():
    """check id -> {(owner, key)} read by its body over every world."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    current: list = []
    original_get, original_run = views.ConfigView.__getitem__, engine.run_check

    def recording_get(self, key):
        if current:
            meta = current[-1]
            found[meta.id].add((_owner_of(meta, self._resource.type), key))
        return original_get(self, key)

    def recording_run(meta, resource, world):
        current.append(meta)
        try:
            return original_run(meta, resource, world)
        finally:
            current.pop()

    views.ConfigView.__getitem__, engine.run_check = recording_get, recording_run
    try:
        for path in WORLDS:
            evaluate_snapshots([Snapshot.load(path)], Selection())
    finally:
        views.ConfigView.__getitem__, engine.run_check = original_get, original_run
    return found


def test_every_key_a_check_reads_is_in_its_reads(keys_read):
    undeclared = []
    for meta in load_registry(use_entry_points=False).all():
        declared = {tuple(key.removesuffix("?").rpartition(".")[::2]) for key in meta.reads}
        undeclared += [f"{meta.id} reads {owner + '.' if owner else ''}{key}"
                       for owner, key in sorted(keys_read.get(meta.id, ())) if (owner, key) not in declared]
    assert undeclared == [], "\n".join(undeclared)


def test_the_recording_sees_reads_of_related_resources(keys_read):
    assert ("account", "s3_public_access_block") in keys_read["aws.s3.bucket_public_access_block"]


def _narrowed(snapshot: Snapshot, collected: dict[str, frozenset[str]]) -> Snapshot:
    """The snapshot as a scan of only `collected` would have written it."""
    data = json.loads(snapshot.dumps())
    data["metadata"]["collected"] = {t: sorted(keys) for t, keys in collected.items()}
    data["resources"] = [r for r in data["resources"] if r["type"] in collected]
    for resource in data["resources"]:
        keep = collected[resource["type"]]
        resource["config"] = {k: v for k, v in resource["config"].items() if k in keep}
        resource["errors"] = {k: v for k, v in resource["errors"].items() if k in keep}
    return Snapshot.from_json(data)


def _services():
    from srmscan.providers.aws.services import SERVICES as AWS_SERVICES
    from srmscan.providers.gcp import SERVICES as GCP_SERVICES

    return [("aws", s) for s in AWS_SERVICES] + [("gcp", s) for s in GCP_SERVICES]


@functools.lru_cache(maxsize=None)
def _complete_demo(provider: str):
    """The bundled demo snapshot and its verdicts, evaluated once per test process."""
    full = Snapshot.load(ROOT / "fixtures" / "demo" / f"{provider}.json")
    return full, {(f.check["id"], f.resource["id"]): f.status.value
                  for f in evaluate_snapshots([full], Selection()).findings}


@pytest.mark.parametrize("provider,service", _services(), ids=[f"{p}:{s}" for p, s in _services()])
def test_a_scan_of_one_service_gives_no_error_for_the_others(provider, service):
    if provider == "aws":
        from srmscan.providers.aws.services import resource_types
    else:
        from srmscan.providers.gcp import resource_types
    full, complete = _complete_demo(provider)
    narrowed = evaluate_snapshots([_narrowed(full, resource_types((service,)))], Selection())
    new_errors = [f"{f.check['id']} on {f.resource['name']}: {f.message}" for f in narrowed.findings
                  if f.status.value == "ERROR" and complete.get((f.check["id"], f.resource["id"])) != "ERROR"]
    assert new_errors == []


def test_every_builtin_check_lives_in_the_module_named_by_its_id():
    """checks/<provider>/<service>.py holds exactly the checks `<provider>.<service>.*`."""
    misplaced = [f"{m.id} in {m.source}" for m in load_registry(use_entry_points=False).all()
                 if Path(m.source).parent.name != m.provider or Path(m.source).stem != m.id.split(".")[1]]
    assert misplaced == []
