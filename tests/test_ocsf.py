"""OCSF output (--format ocsf / --ocsf FILE) of the demo: every record validates against py-ocsf-models'
Compliance Finding (OCSF 1.5) with nothing dropped, the cloud profile against its Cloud object, and the
records round-trip every result of the JSON report."""

from __future__ import annotations

import json

import yaml
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
from py_ocsf_models.objects.cloud import Cloud

from conftest import REPO, run_cli

DEMO = [str(REPO / "fixtures" / "demo" / f"{name}.json") for name in ("aws", "azure", "gcp")]
STATUS = {"PASS": (1, 4), "FAIL": (3, 1), "ERROR": (0, 0)}   # result -> (compliance status_id, status_id)


def outputs(tmp_path, *extra):
    ocsf, as_json = tmp_path / "findings.ocsf.json", tmp_path / "findings.json"
    result = run_cli("evaluate", *DEMO, "--ocsf", str(ocsf), "--json", str(as_json), *extra)
    assert result.returncode in (1, 3), result.stderr
    return json.loads(ocsf.read_text()), json.loads(as_json.read_text())


def results(records: list[dict]) -> list[dict]:
    """The records of results (the demo's collection errors are records too: a vault's keys it could not list)."""
    return [r for r in records if r["metadata"]["event_code"] != "srmscan.collection_error"]


def test_every_record_is_a_valid_compliance_finding_with_nothing_unknown(tmp_path):
    records, report = outputs(tmp_path)
    assert len(results(records)) == len(report["findings"]) == report["summary"]["results"]
    assert len(records) - len(results(records)) == len(report["collection_errors"])
    records += collection_error_records(tmp_path)
    for record in records:
        cloud = record.pop("cloud")   # the cloud profile (metadata.profiles) is not part of the class model
        assert record["metadata"]["profiles"] == ["cloud"]
        assert Cloud.model_validate(cloud).model_dump(mode="json", exclude_none=True) == cloud
        model = ComplianceFinding.model_validate(record)
        # an attribute the schema does not know, or of the wrong type, would not survive this
        assert model.model_dump(mode="json", exclude_none=True) == record
        assert (record["class_uid"], record["category_uid"], record["type_uid"]) == (2003, 2, 200301)


def collection_error_records(tmp_path) -> list[dict]:
    """An account that could not be entered is one more record, status Unknown, naming scope and reason."""
    snapshot = json.loads((REPO / "fixtures" / "demo" / "gcp.json").read_text())
    snapshot["errors"] = [{"scope": "resourcemanager projects and folders under folders/221", "code": "Forbidden",
                           "message": "403 The caller does not have permission", "account": "acme-hidden"}]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(snapshot))
    ocsf = tmp_path / "broken.ocsf.json"
    assert run_cli("evaluate", str(broken), "--ocsf", str(ocsf)).returncode in (1, 3)
    records = json.loads(ocsf.read_text())
    [gap] = [r for r in records if r["metadata"]["event_code"] == "srmscan.collection_error"]
    assert (gap["status_id"], gap["compliance"]["status_id"], gap["cloud"]["account"]["uid"]) == (0, 0, "acme-hidden")
    assert "folders/221: Forbidden: 403 The caller does not have permission" in gap["message"]
    return [gap]


def test_records_round_trip_every_result(tmp_path):
    records, report = outputs(tmp_path)
    records = results(records)
    from_ocsf = {(r["metadata"]["event_code"], r["resources"][0]["uid"]):
                 (r["unmapped"]["srmscan"]["status"], r["compliance"]["status_id"], r["status_id"], r["message"],
                  r["severity_id"], r["cloud"]["account"]["uid"], r["finding_info"]["uid"]) for r in records}
    severity = {"low": 2, "medium": 3, "high": 4, "critical": 5}
    from_json = {(f["check"]["id"], f["resource"]["id"]):
                 (f["status"], *STATUS[f["status"]], f["message"], severity[f["check"]["severity"]],
                  f["resource"]["account"], f["fingerprint"]) for f in report["findings"]}
    assert from_ocsf == from_json
    assert {status for status, *_ in from_ocsf.values()} == {"PASS", "FAIL", "ERROR"}
    duties = {r["unmapped"]["srmscan"]["responsibility"]["id"] for r in records}
    assert all(r["compliance"]["requirements"][0] == f"srm:{r['unmapped']['srmscan']['responsibility']['id']}"
               for r in records) and len(duties) > 5


def test_a_waived_failure_is_suppressed_with_the_waiver_as_detail(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(yaml.safe_dump({"waivers": [{
        "check": "aws.s3.bucket_versioning", "resource": "arn:aws:s3:::acme-public-website", "reason": "static site",
        "owner": "web@example.com", "expires": "2099-01-01"}]}))
    records, _ = outputs(tmp_path, "--waivers", str(waivers))
    waived = [r for r in records if r["status"] == "Suppressed"]
    assert [(r["metadata"]["event_code"], r["resources"][0]["name"]) for r in waived] == [
        ("aws.s3.bucket_versioning", "acme-public-website")]
    assert waived[0]["status_detail"] == "waived until 2099-01-01 by web@example.com: static site"
    assert waived[0]["compliance"]["status_id"] == 3   # still a failed control, only suppressed
