"""Compliance frameworks as data (issue 24): every requirement of each framework, its status computed from the
findings of the checks that cover it; the numbers of the report equal those computed here from the JSON findings."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import REPO, run_cli

DEMO = {name: str(REPO / "fixtures" / "demo" / f"{name}.json") for name in ("aws", "azure", "gcp")}
CASES = [("cis-aws-5.0", "aws"), ("cis-gcp-5.0", "gcp"), ("cis-azure-6.0", "azure"), ("cis-m365-7.0", "azure"),
         ("aws-fsbp", "aws")]


def expected_status(requirement_id, name, assessment, findings, checks_run):
    """The status computed from the findings' own controls (not from srmscan.frameworks)."""
    results = [f for f in findings if any(c["framework"] == name and c["id"] == requirement_id for c in f["controls"])]
    covering = {f["check"]["id"] for f in results}
    if not results and not covering:
        return None   # no finding says: manual, not covered or nothing run; checked apart
    if any(f["status"] == "FAIL" and "waiver" not in f for f in results):
        return "fail"
    if any(f["status"] == "ERROR" for f in results):
        return "error"
    return "pass"


@pytest.mark.parametrize("framework, provider", CASES)
def test_the_report_is_every_requirement_with_the_status_its_findings_give(framework, provider, findings_schema):
    result = run_cli("evaluate", DEMO[provider], "--compliance", framework, "--format", "json")
    assert result.returncode in (0, 1, 3), result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, findings_schema)
    [section] = report["compliance"]
    from srmscan.frameworks import load_frameworks

    data = load_frameworks()[framework]
    assert [r["id"] for r in section["requirements"]] == [r.id for r in data.requirements]   # every one, in order
    covering = {c for r in section["requirements"] for c in r["checks"]}
    assert {f["check"]["id"] for f in report["findings"]} <= covering   # only the framework's checks ran
    for row in section["requirements"]:
        want = expected_status(row["id"], section["name"], row["assessment"], report["findings"], covering)
        if want is not None:
            assert row["status"] == want, row["id"]
            mine = [f for f in report["findings"] if f["check"]["id"] in row["checks"]]
            assert row["counts"]["FAIL"] == sum(f["status"] == "FAIL" and "waiver" not in f for f in mine)
            assert row["counts"]["PASS"] == sum(f["status"] == "PASS" for f in mine)
        elif not row["checks"]:
            assert row["status"] == ("manual" if row["assessment"] == "manual" else "not covered")
            assert row["status"] != "not covered" or row["why"]
    assert sum(section["totals"].values()) == len(data.requirements)


def test_the_table_prints_every_requirement_of_cis_aws():
    result = run_cli("evaluate", DEMO["aws"], "--compliance", "cis-aws-5.0")
    assert result.returncode == 1
    from srmscan.frameworks import load_frameworks

    printed = set(re.findall(r"^│ (\d+(?:\.\d+)+)\s+│", result.stdout, re.MULTILINE))
    assert printed == {r.id for r in load_frameworks()["cis-aws-5.0"].requirements}


def test_every_mapped_benchmark_id_is_a_requirement_of_its_framework():
    """The mappings' CIS and FSBP ids, checked against the frameworks' requirement lists."""
    from srmscan.frameworks import load_frameworks
    from srmscan.pipeline import Selection, load_checks

    _, mapping = load_checks(Selection())
    for framework in load_frameworks().values():
        ids = {r.id for r in framework.requirements}
        assert set(framework.checks(mapping)) <= ids, framework.id


def test_unknown_framework_is_one_line():
    result = run_cli("evaluate", DEMO["aws"], "--compliance", "cis-aws-9.9")
    assert result.returncode == 2
    assert result.stderr.startswith("srmscan: error: unknown --compliance 'cis-aws-9.9'; choose one of: aws-fsbp,")
    assert len(result.stderr.strip().splitlines()) == 1


def test_frameworks_command_lists_each_with_its_source():
    listed = json.loads(run_cli("frameworks", "--format", "json").stdout)
    assert {f["id"] for f in listed} == {"cis-aws-5.0", "cis-azure-6.0", "cis-m365-7.0", "cis-gcp-5.0", "aws-fsbp"}
    for framework in listed:
        assert framework["covered"] + framework["manual"] + framework["not_covered"] == framework["requirements"]
        assert framework["read"] == "2026-12-04" and "prowler" in framework["source"]


def test_the_compliance_csv_is_the_json_report_row_by_row(tmp_path):
    import csv

    rows_file, as_json = tmp_path / "req.csv", tmp_path / "f.json"
    result = run_cli("evaluate", DEMO["gcp"], "--compliance", "cis-gcp-5.0", "--compliance-csv", str(rows_file),
                     "--json", str(as_json))
    assert result.returncode == 1, result.stderr
    [section] = json.loads(as_json.read_text())["compliance"]
    with rows_file.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["requirement"], r["status"], int(r["fail"])) for r in rows] == \
        [(q["id"], q["status"], q["counts"]["FAIL"]) for q in section["requirements"]]
