"""Every check against the case fixtures in fixtures/checks/ (Checkov style): each fixture is a snapshot of
named resources plus, per check, the resources that must FAIL or ERROR; every other resource of the
check's type must PASS, and every built-in check of the fixture's provider must be listed."""

import functools
import json
from pathlib import Path

import pytest

from srmscan.model import Snapshot
from srmscan.pipeline import Selection, evaluate_snapshots
from srmscan.registry import load_registry

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "checks").glob("*.json"))


def cases():
    for path in FIXTURES:
        for check_id in json.loads(path.read_text())["expected"]:
            yield pytest.param(path, check_id, id=f"{path.stem}:{check_id}")


@functools.lru_cache(maxsize=None)
def report_of(path: Path):
    """Each fixture is evaluated once per test process, and only by a process that runs one of its cases."""
    return evaluate_snapshots([Snapshot.load(path)], Selection())


@pytest.mark.parametrize("path,check_id", list(cases()))
def test_check_verdicts(path, check_id):
    expected_lists = json.loads(path.read_text())["expected"][check_id]
    got = {f.resource["name"]: f.status.value for f in report_of(path).findings if f.check["id"] == check_id}
    expected = {name: "PASS" for name in got}
    expected.update({name: status for status in ("FAIL", "ERROR") for name in expected_lists[status]})
    assert got == expected


def test_every_builtin_check_is_covered_by_a_case_fixture_or_the_twin_account():
    """Each concept has its fixture; together with the moto twin account (tests/test_aws_foundations.py) and
    the Google Cloud twin projects (tests/test_gcp_foundations.py) they give every built-in check labelled resources that must pass and fail."""
    import aws_foundations_account
    import azure_demo_tenant
    import gcp_demo_project
    import gcp_demo_workloads

    covered = {check_id for path in FIXTURES for check_id in json.loads(path.read_text())["expected"]}
    covered |= set(aws_foundations_account.EXPECTED)
    covered |= {check_id for check_id, _ in gcp_demo_project.FOUNDATIONS_EXPECTED}  # tests/test_gcp_foundations.py
    covered |= {check_id for check_id, _ in gcp_demo_workloads.DLP_EXPECTED}   # tests/test_gcp_workloads.py
    covered |= {check_id for check_id, _ in gcp_demo_project.EXPECTED}   # tests/test_gcp.py: the emulator's buckets
    covered |= {check_id for check_id, _ in azure_demo_tenant.EXPECTED}   # tests/test_azure.py, PASS and FAIL twins
    covered |= {check_id for check_id, _ in azure_demo_tenant.PURVIEW_EXPECTED}   # the same, with --purview
    builtin = {m.id for m in load_registry(use_entry_points=False).all()}
    assert builtin - covered == set()
    assert covered - builtin == set()


def test_the_bundled_azure_demo_gives_every_twin_its_verdict():
    """Offline, as a case fixture: the Azure demo snapshot (fixtures/make_demo.py, scanned from the twins with
    --purview) gives every check on every twin the verdict written by hand in fixtures/azure_demo_tenant.py."""
    import azure_demo_tenant

    demo = Path(__file__).resolve().parents[1] / "fixtures" / "demo" / "azure.json"
    report = evaluate_snapshots([Snapshot.load(demo)], Selection())
    got = {(f.check["id"], f.resource["name"]): f.status.value for f in report.findings}
    assert got == {**azure_demo_tenant.EXPECTED, **azure_demo_tenant.PURVIEW_EXPECTED}
