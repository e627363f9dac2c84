"""Google Cloud foundations (IAM, logging, Compute, Cloud SQL, KMS, Cloud DNS) read over HTTP from a local
server answering in the REST references' shapes (fixtures/gcp_api.py), and judged by the real CLI or the
real collector: a misconfigured and a correct resource per concept must be told apart."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import gcp_api  # noqa: E402
import gcp_demo_project as demo  # noqa: E402
from srmscan.providers.gcp import FOUNDATION_SERVICES  # noqa: E402


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    from google.cloud.storage.retry import DEFAULT_RETRY

    import srmscan.providers.gcp.collector as collector

    monkeypatch.setattr(collector, "RETRY", DEFAULT_RETRY.with_delay(initial=0.01, maximum=0.05).with_timeout(5.0))


@pytest.fixture
def projects():
    return demo.foundations()


def collect(server, *projects: str, services=FOUNDATION_SERVICES):
    from srmscan.progress import NoProgress
    from srmscan.providers.gcp import GcpTarget
    from srmscan.providers.gcp.collector import collect_projects

    return collect_projects(GcpTarget(tuple(projects), None, 4, services=services, api_endpoint=server.url),
                            NoProgress())


def verdicts(snapshot) -> dict:
    from srmscan.pipeline import Selection, evaluate_snapshots

    report = evaluate_snapshots([snapshot], Selection())
    return {(f.check["id"], f.resource["name"]): f for f in report.findings}


def statuses(found: dict) -> dict:
    return {key: finding.status.value for key, finding in found.items()}


def expected_for(found: dict) -> dict:
    return {key: demo.FOUNDATIONS_EXPECTED.get(key, "PASS") for key in found}


def test_the_cli_tells_every_misconfigured_resource_from_its_correct_twin(projects, tmp_path):
    with gcp_api.GcpApiServer(*projects, nodes=demo.NODES) as server:
        args = ["scan", "gcp", "--project", demo.PROJECT, "--project", demo.PLATFORM, "--project", demo.SHARED,
                "--api-endpoint", server.url,
                "--format", "json", "--sarif", str(tmp_path / "gcp.sarif")]
        for service in FOUNDATION_SERVICES:
            args += ["--service", service]
        result = run_cli(*args)
        requests = list(server.requests)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["collection_errors"] == []
    got = {(f["check"]["id"], f["resource"]["name"]): f["status"] for f in report["findings"]}
    assert got == {key: demo.FOUNDATIONS_EXPECTED.get(key, "PASS") for key in got}
    assert set(demo.FOUNDATIONS_EXPECTED) <= set(got)
    # every foundations check ran on something, and the correct project passes every project-level check
    from srmscan.registry import load_registry
    ids = {c.id for c in load_registry().all() if c.provider == "gcp" and not c.id.startswith(("gcp.storage.", "gcp.dlp."))}
    assert ids - {"gcp.logging.sink_bucket_retention_locked"} <= {check for check, _ in got}
    assert all(status == "PASS" for (check, name), status in got.items() if name in (demo.PLATFORM, demo.SHARED))
    # acme-shared sets no audit config and no sink itself: folders/222 above it does, for its children
    inherited = {f["check"]["id"]: f["message"] for f in report["findings"] if f["resource"]["name"] == demo.SHARED}
    assert "folders/222" in inherited["gcp.logging.audit_logs_all_services"]
    assert "folders/222/platform-archive" in inherited["gcp.logging.sink_exports_all_entries"]
    # reads only: GETs, and POST only to Resource Manager's getIamPolicy; listings were paged
    assert {method for method, _ in requests} == {"GET", "POST"}
    assert all(path.split("?")[0].endswith(":getIamPolicy") for method, path in requests if method == "POST")
    assert any("pageToken=" in path and "aggregated/instances" in path for _, path in requests)
    assert any("pageToken=" in path and "/metrics" in path for _, path in requests)


def test_evidence_names_the_rule_binding_or_setting_that_decided(projects):
    with gcp_api.GcpApiServer(*projects, nodes=demo.NODES) as server:
        found = verdicts(collect(server, demo.PROJECT))
    ssh_default = found[("gcp.compute.ssh_not_open_to_internet", "default")]
    assert [r["rule"] for r in ssh_default.evidence["open_by"]] == ["default-allow-ssh"]
    prod_ssh = found[("gcp.compute.ssh_not_open_to_internet", "prod")]
    assert {(s["rule"], tuple(s["denied_by"])) for s in prod_ssh.evidence["shadowed"]} == {
        ("prod-allow-ssh-world", ("prod-deny-ssh-world",)), ("prod-allow-all-to-web", ("prod-deny-ssh-world",))}
    prod_rdp = found[("gcp.compute.rdp_not_open_to_internet", "prod")]
    assert prod_rdp.status.value == "PASS" and prod_rdp.evidence["shadowed"][0]["denied_by"] == ["prod-deny-rdp-to-web"]
    legacy = found[("gcp.compute.ssh_not_open_to_internet", "legacy-net")]
    assert legacy.evidence["open_by"][0]["rule"] == "legacy-allow-low-ports"
    admins = found[("gcp.iam.service_account_no_admin_roles", demo.PROJECT)].evidence["holders"]
    assert admins == {f"serviceAccount:etl-runner@{demo.PROJECT}.iam.gserviceaccount.com": ["roles/editor"]}
    firewall_alert = found[("gcp.logging.metric_alert_firewall_rule_changes", demo.PROJECT)]
    assert "no log-based metric" in firewall_alert.message
    owner_alert = found[("gcp.logging.metric_alert_project_ownership_changes", demo.PROJECT)]
    assert "notify no channel" in owner_alert.message
    assert "0.0.0.0/0" in found[("gcp.sql.no_authorized_network_anywhere", "orders-pg")].message
    latent = found[("gcp.sql.no_authorized_network_anywhere", "billing-pg")]
    assert latent.evidence["authorized"] == ["0.0.0.0/0"] and "once one is assigned" in latent.message
    assert found[("gcp.sql.no_public_ip", "billing-pg-replica")].status.value == "FAIL"


def test_throttling_is_survived_with_the_same_results(projects):
    with gcp_api.GcpApiServer(*projects, nodes=demo.NODES) as server:
        quiet = statuses(verdicts(collect(server, demo.PROJECT, demo.PLATFORM)))
    noisy_projects = demo.foundations()
    for project in noisy_projects[:2]:   # the two scanned here
        project.throttled = {r"/(networks|firewalls|instances|subnetworks|metrics|alertPolicies|sinks|keys|"
                             r"serviceAccounts|managedZones|keyRings|cryptoKeys|locations)$": 6,
                             r":getIamPolicy$": 3, r"/compute/v1/projects/[^/]+$": 2}
    with gcp_api.GcpApiServer(*noisy_projects, nodes=demo.NODES) as server:
        snapshot = collect(server, demo.PROJECT, demo.PLATFORM)
    assert all(not left for project in noisy_projects[:2] for left in project.throttled.values())  # 429s were sent
    assert snapshot.errors == [] and all(not r.errors for r in snapshot.resources)
    assert statuses(verdicts(snapshot)) == quiet


def test_denials_are_named_and_lose_nothing_else(projects):
    analytics, platform, shared = projects
    email = f"etl-runner@{demo.PROJECT}.iam.gserviceaccount.com"
    analytics.denied = {rf"^/v1/projects/{demo.PROJECT}/instances$", rf"/serviceAccounts/{email}/keys$",
                        r"/v2/projects/[^/]+/sinks$"}
    with gcp_api.GcpApiServer(analytics, platform, shared, nodes=demo.NODES) as server:
        snapshot = collect(server, demo.PROJECT, demo.PLATFORM)
    assert [(e.scope, e.code) for e in snapshot.errors] == [
        (f"gcp.sql.instance list {demo.PROJECT}", "Forbidden")]
    found = statuses(verdicts(snapshot))
    assert not any(check.startswith("gcp.sql.") and name in ("orders-pg", "billing-pg") for check, name in found)
    assert found[("gcp.iam.service_account_no_user_managed_keys", email)] == "ERROR"
    assert found[("gcp.iam.service_account_key_rotation", email)] == "ERROR"
    assert found[("gcp.logging.sink_exports_all_entries", demo.PROJECT)] == "ERROR"
    # everything else is what a clean read gives
    with gcp_api.GcpApiServer(*demo.foundations(), nodes=demo.NODES) as server:
        clean = statuses(verdicts(collect(server, demo.PROJECT, demo.PLATFORM)))
    unaffected = {k: v for k, v in found.items() if v != "ERROR"}
    assert unaffected == {k: clean[k] for k in unaffected}


def test_services_narrow_what_is_read_and_judged(projects):
    with gcp_api.GcpApiServer(*projects, nodes=demo.NODES) as server:
        snapshot = collect(server, demo.PROJECT, services=("dns",))
        paths = {path.split("?")[0] for _, path in server.requests}
    assert paths == {f"/dns/v1/projects/{demo.PROJECT}/managedZones", f"/dns/v1/projects/{demo.PROJECT}/policies"}
    assert {check.split(".")[1] for check, _ in verdicts(snapshot)} == {"dns"}


def test_unknown_service_is_one_line():
    result = run_cli("scan", "gcp", "--project", "p", "--service", "bigtable")
    assert result.returncode == 2
    assert "unknown Google Cloud service 'bigtable'" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_session_refuses_every_write_but_reads_iam_policies():
    from google.auth.credentials import AnonymousCredentials

    from srmscan.providers.gcp.session import WriteRefused, read_only_session
    from srmscan.providers.reachability import Reachability

    session = read_only_session(AnonymousCredentials(), 1, Reachability())
    for method, url in (("POST", "https://compute.googleapis.com/compute/v1/projects/p/global/firewalls"),
                        ("POST", "https://cloudresourcemanager.googleapis.com/v1/projects/p:setIamPolicy"),
                        ("DELETE", "https://sqladmin.googleapis.com/v1/projects/p/instances/db"),
                        ("PATCH", "https://dns.googleapis.com/dns/v1/projects/p/managedZones/z")):
        with pytest.raises(WriteRefused, match=method):
            session.request(method, url)


def test_metadata_values_other_than_the_judged_keys_are_never_stored(projects):
    """Startup scripts and ssh-keys carry credentials: a snapshot keeps their names, never their values."""
    with gcp_api.GcpApiServer(*projects, nodes=demo.NODES) as server:
        snapshot = collect(server, demo.PROJECT)
    text = snapshot.dumps()
    assert demo.SECRET_MARKER not in text
    web = next(r for r in snapshot.resources if r.name == "web-1")
    assert web.config["metadata"] == {"serial-port-enable": "TRUE", "startup-script": None, "ssh-keys": None}
    project = next(r for r in snapshot.resources if "compute_metadata" in r.config)
    assert project.config["compute_metadata"]["startup-script"] is None


def test_no_bundled_snapshot_holds_a_planted_secret():
    for path in (Path(__file__).resolve().parents[1] / "fixtures" / "demo").glob("*.json"):
        assert demo.SECRET_MARKER not in path.read_text(), path
