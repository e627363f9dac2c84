"""The outputs other tools take (issue 24): CSV for spreadsheets, JUnit XML for CI test reports, ASFF for
`aws securityhub batch-import-findings`, OCSF as NDJSON. Each is written by the real CLI from the bundled demo in
one run beside the JSON findings, and read back with its consumer's parser: Python's csv, junitparser (the library
CI report tools build on), botocore's own validator for BatchImportFindings, py-ocsf-models."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import REPO, run_cli

DEMO = [str(REPO / "fixtures" / "demo" / f"{name}.json") for name in ("aws", "azure", "gcp")]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outputs")
    paths = {name: folder / f"demo.{name}" for name in ("csv", "junit", "asff", "ocsf-ndjson", "json")}
    args = [part for name, path in paths.items() for part in (f"--{name}", str(path))]
    result = run_cli("evaluate", *DEMO, *args, "--asff-region", "eu-west-1")
    assert result.returncode in (1, 3), result.stderr
    return paths, json.loads(paths["json"].read_text())


def test_csv_has_one_row_per_result_with_stable_columns(written):
    from srmscan.report.csv import COLUMNS

    paths, report = written
    with paths["csv"].open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(report["findings"])
    by_print = {row["fingerprint"]: row for row in rows}
    for finding in report["findings"]:
        row = by_print[finding["fingerprint"]]
        assert (row["check_id"], row["status"], row["resource_id"]) == (
            finding["check"]["id"], finding["status"], finding["resource"]["id"])
        assert row["waived"] == ("yes" if "waiver" in finding else "no")


@pytest.mark.parametrize("hostile, shown", [
    ("=HYPERLINK(\"http://x.example\",\"click\")", "'=HYPERLINK(\"http://x.example\",\"click\")"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tleading tab", "'\tleading tab"), ("bucket\x1b[31mred", "bucket\\x1b[31mred"), ("plain-name", "plain-name"),
])
def test_csv_cells_cannot_run_as_formulas_or_carry_escapes(hostile, shown):
    from srmscan.report.csv import safe

    assert safe(hostile) == shown


def test_junit_counts_match_the_findings(written):
    from junitparser import Error, Failure, JUnitXml, Skipped

    paths, report = written
    xml = JUnitXml.fromfile(str(paths["junit"]))
    cases = [case for suite in xml for case in suite]
    results = [result for case in cases for result in case.result]
    statuses = [f["status"] for f in report["findings"]]
    waived = sum(1 for f in report["findings"] if "waiver" in f and f["status"] == "FAIL")
    gaps = len(report["collection_errors"])
    assert len(cases) == len(statuses) + gaps
    assert sum(isinstance(r, Failure) for r in results) == statuses.count("FAIL") - waived
    assert sum(isinstance(r, Error) for r in results) == statuses.count("ERROR") + gaps
    assert sum(isinstance(r, Skipped) for r in results) == waived
    assert xml.tests == len(cases) and xml.failures == statuses.count("FAIL") - waived


def test_asff_validates_against_security_hubs_own_model(written):
    import botocore.session
    from botocore.validate import ParamValidator

    paths, report = written
    findings = json.loads(paths["asff"].read_text())
    aws = [f for f in report["findings"] if f["resource"]["provider"] == "aws"]
    assert len(findings) == len(aws) > 0
    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    for start in range(0, len(findings), 100):   # the API takes at most 100 a call
        problems = ParamValidator().validate({"Findings": findings[start:start + 100]}, shape)
        assert not problems.has_errors(), problems.generate_report()
    assert {f["ProductArn"].split(":")[3] for f in findings} == {"eu-west-1"}   # --asff-region
    assert len({f["Id"] for f in findings}) == len(findings)
    status = {f["Id"].removeprefix("srmscan/"): f["Compliance"]["Status"] for f in findings}
    expected = {"PASS": "PASSED", "FAIL": "FAILED", "ERROR": "NOT_AVAILABLE"}
    assert all(status[f["fingerprint"]] == expected[f["status"]] for f in aws)
    assert all(len(f["Title"]) <= 256 and len(f["Description"]) <= 1024 for f in findings)


def test_a_bad_asff_region_is_one_line_before_anything_is_read():
    result = run_cli("evaluate", DEMO[0], "--format", "asff", "--asff-region", "mars-1")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["srmscan: error: --asff-region 'mars-1': not an AWS region name "
                                                  "(like eu-west-1)"]


def test_ocsf_ndjson_is_the_ocsf_records_one_per_line(written, tmp_path):
    from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding

    paths, report = written
    lines = paths["ocsf-ndjson"].read_text().splitlines()
    assert len(lines) == len(report["findings"]) + len(report["collection_errors"])
    array = tmp_path / "ocsf.json"
    assert run_cli("evaluate", *DEMO, "--ocsf", str(array)).returncode in (1, 3)
    records = json.loads(array.read_text())
    def timeless(record):
        return {key: value for key, value in record.items() if key != "time"}
    assert [timeless(json.loads(line)) for line in lines] == [timeless(r) for r in records]
    for line in lines[:200]:
        record = json.loads(line)
        record.pop("cloud")
        ComplianceFinding.model_validate(record)
