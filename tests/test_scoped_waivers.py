"""Waivers that fit organisations (issue 24): scoped by account, region and resource type as well as check and
resource id (globs, each given one must match), still with a mandatory reason, owner and expiry."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, run_cli

DEMO = [str(REPO / "fixtures" / "demo" / f"{name}.json") for name in ("aws", "gcp")]


def report_with(tmp_path, waivers: str) -> dict:
    path = tmp_path / "waivers.yaml"
    path.write_text(waivers)
    result = run_cli("evaluate", *DEMO, "--waivers", str(path), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_a_region_and_type_scoped_waiver_covers_exactly_those_failures(tmp_path):
    report = report_with(tmp_path, "waivers:\n  - check: 'gcp.*'\n    region: us\n    resource_type: gcp.storage.bucket\n"
                                   "    reason: US buckets are a partner drop zone\n    owner: data@acme.example\n"
                                   "    expires: 2030-01-01\n")
    failing = [f for f in report["findings"] if f["status"] == "FAIL"]
    waived = {(f["check"]["id"], f["resource"]["name"]) for f in failing if "waiver" in f}
    expected = {(f["check"]["id"], f["resource"]["name"]) for f in failing
                if f["check"]["id"].startswith("gcp.") and f["resource"]["region"] == "us"
                and f["resource"]["type"] == "gcp.storage.bucket"}
    assert waived == expected and expected
    sample = next(f for f in failing if "waiver" in f)["waiver"]
    assert sample["region"] == "us" and sample["resource_type"] == "gcp.storage.bucket" and "account" not in sample


def test_an_account_scoped_waiver(tmp_path):
    report = report_with(tmp_path, "waivers:\n  - check: 'aws.iam.*'\n    account: '123456789012'\n"
                                   "    reason: break-glass users\n    owner: sec@acme.example\n    expires: 2030-01-01\n")
    failing = [f for f in report["findings"] if f["status"] == "FAIL"]
    assert all(("waiver" in f) == f["check"]["id"].startswith("aws.iam.") for f in failing)


@pytest.mark.parametrize("text, fragment", [
    ("waivers:\n  - check: aws.s3.bucket_versioning\n    reason: r\n    owner: me\n    expires: 2030-01-01\n",
     "waivers.yaml:2: waiver needs at least one of resource, account, region, resource_type"),
    ("waivers:\n  - check: aws.s3.bucket_versioning\n    account: '1'\n    tags: {env: dev}\n    reason: r\n"
     "    owner: me\n    expires: 2030-01-01\n", "waivers.yaml:4: unknown waiver field 'tags'"),
])
def test_a_waiver_without_scope_or_with_an_unknown_field_is_one_line(tmp_path, text, fragment):
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    result = run_cli("evaluate", DEMO[0], "--waivers", str(path))
    assert result.returncode == 2 and fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1
