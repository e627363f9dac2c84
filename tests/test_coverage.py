"""The responsibility coverage matrix (srmscan.coverage) on the bundled demo snapshots: in the JSON
(against `srmscan schema`), recomputed from the findings themselves, with waivers, narrowed check
selections and several scopes; and in the table, with each provider's findings under its own layer."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import yaml

from conftest import REPO, run_cli
from srmscan.mapping import load_mapping
from srmscan.registry import load_registry

DEMO = [str(REPO / "fixtures" / "demo" / f"{name}.json") for name in ("aws", "azure", "gcp")]


def evaluate(tmp_path: Path, *extra: str, snapshots=DEMO) -> dict:
    out = tmp_path / "report.json"
    result = run_cli("evaluate", *snapshots, "--format", "json", "--output", str(out), *extra)
    assert result.returncode in (0, 1, 3), result.stderr
    return json.loads(out.read_text())


def test_every_duty_and_provider_has_a_cell_that_the_findings_bear_out(tmp_path, findings_schema):
    report = evaluate(tmp_path)
    jsonschema.validate(report, findings_schema)
    coverage = report["coverage"]
    registry = load_registry(use_entry_points=False)
    mapping = load_mapping(registry.all(), registry.mapping_files)
    duties = list(mapping.catalogue.duties)
    assert [p["provider"] for p in coverage["providers"]] == ["aws", "azure", "gcp"]
    assert [d["id"] for d in coverage["duties"]] == duties

    tally = Counter()
    for finding in report["findings"]:
        kind = "waived" if finding["status"] == "FAIL" and finding.get("waiver") else finding["status"]
        tally[(finding["responsibility"]["id"], finding["resource"]["provider"], kind)] += 1
    offered = Counter((mapping.for_check(m.id).duties[0], m.provider) for m in registry.all())
    for duty in coverage["duties"]:
        for provider, cell in duty["cells"].items():
            for kind in ("PASS", "FAIL", "ERROR", "waived"):
                assert cell[kind] == tally[(duty["id"], provider, kind)], (duty["id"], provider, kind)
            assert cell["checks_available"] == offered[(duty["id"], provider)]
            assert (cell["status"] == "no check yet") == (offered[(duty["id"], provider)] == 0)
            assert cell["layer"] == mapping.catalogue.duties[duty["id"]].provider_layers[provider]
    cells = {(d["id"], p): c for d in coverage["duties"] for p, c in d["cells"].items()}
    assert cells[("conditional-access", "azure")]["status"] == "FAIL"
    assert cells[("conditional-access", "aws")]["status"] == "FAIL"   # IAM users' console passwords
    assert cells[("data-classification", "azure")]["status"] == "FAIL"   # Defender's sensitive data discovery
    assert cells[("data-classification", "gcp")]["status"] == "FAIL"   # profiled sensitive data, exposed
    assert "no check yet" not in {c["status"] for (_, provider), c in cells.items() if provider == "gcp"}
    assert cells[("data-lifecycle-deletion-protection", "azure")]["ERROR"] > 0
    # azure's demo spans several subscriptions and a tenant: per-scope cells add up to the cell
    azure = next(p for p in coverage["providers"] if p["provider"] == "azure")
    assert len(azure["scopes"]) > 1
    scoped = cells[("data-access-sharing", "azure")]["scopes"]
    assert sum(s["FAIL"] for s in scoped.values()) == cells[("data-access-sharing", "azure")]["FAIL"]
    assert "scopes" not in cells[("data-access-sharing", "aws")]   # one account: no breakdown
    assert {layer["layer"] for layer in azure["provider_owned"]} >= {"Physical datacenter", "Physical network"}


def test_a_waived_failure_is_counted_apart_and_does_not_make_the_cell_fail(tmp_path):
    report = evaluate(tmp_path, "--checks", "gcp.storage.bucket_versioning")
    cell = next(d for d in report["coverage"]["duties"] if d["id"] == "backup-versioning")["cells"]["gcp"]
    failing = [f["resource"]["id"] for f in report["findings"] if f["status"] == "FAIL"]
    assert cell["status"] == "FAIL" and cell["FAIL"] == len(failing) > 0
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(yaml.safe_dump({"waivers": [
        {"check": "gcp.storage.bucket_versioning", "resource": resource, "reason": "scratch data",
         "owner": "data@example.com", "expires": "2099-01-01"} for resource in failing]}))
    waived = evaluate(tmp_path, "--checks", "gcp.storage.bucket_versioning", "--waivers", str(waivers))
    cell = next(d for d in waived["coverage"]["duties"] if d["id"] == "backup-versioning")["cells"]["gcp"]
    assert (cell["status"], cell["FAIL"], cell["waived"]) == ("PASS", 0, len(failing))


def test_duties_whose_checks_were_left_out_are_not_run_not_passed(tmp_path):
    report = evaluate(tmp_path, "--checks", "aws.s3.*", snapshots=DEMO[:1])
    cells = {d["id"]: d["cells"]["aws"] for d in report["coverage"]["duties"]}
    assert [p["provider"] for p in report["coverage"]["providers"]] == ["aws"]
    assert cells["data-access-sharing"]["status"] == "FAIL"
    assert cells["audit-logging"]["status"] in ("FAIL", "PASS")   # S3 server access logging
    assert cells["credential-hygiene"] == {**cells["credential-hygiene"], "status": "not run", "checks_run": 0,
                                           "PASS": 0, "FAIL": 0, "ERROR": 0}
    assert cells["conditional-access"]["status"] == "not run"
    assert "no check yet" not in {cell["status"] for cell in cells.values()}   # every AWS duty has a check


def test_the_table_groups_each_providers_findings_under_its_own_layer_and_ends_with_the_matrix():
    result = run_cli("evaluate", *DEMO)
    assert result.returncode == 1, result.stderr
    text = result.stdout
    headers = re.findall(r"^Data access and sharing settings  \(customer duty data-access-sharing; (.+?): \"(.+?)\"",
                         text, re.MULTILINE)
    assert headers == [("AWS Shared Responsibility Model", "Customer data"),
                       ("Microsoft Azure shared responsibility in the cloud", "Information and data"),
                       ("Google Cloud shared responsibilities and shared fate", "Access policies")]
    matrix = text[text.index("Responsibility coverage"):]
    assert re.search(r"Conditional access\s+│ FAIL 1/\d+\s+│ FAIL 1/2\s+│ FAIL \d+/\d+", matrix)   # SSH/RDP only through IAP
    assert re.search(r"Data classification\s+│ FAIL \d+/\d+\s+│ FAIL \d+/\d+\s+│ FAIL \d+/\d+", matrix)
    assert "the provider's, out of scope: Physical datacenter; Physical hosts; Physical network" in matrix
