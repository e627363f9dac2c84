"""The Google Cloud adapter: real google-cloud-storage client against gcp-storage-emulator, and
against a local server speaking the JSON API for what the emulator lacks (ACLs, conditions, paging, 429)."""

import json
import os

import pytest
from werkzeug import Response

import gcs_api
from check_cases import verdicts
from conftest import findings_by_key, run_cli
from fault_proxy import FaultProxy, Rule
from srmscan.pipeline import Selection, evaluate_snapshots
from srmscan.progress import NoProgress
from srmscan.providers.gcp import GcpTarget
from srmscan.providers.gcp.collector import collect_projects
from srmscan.providers.gcp.session import WriteRefused, make_client
from srmscan.providers.reachability import Reachability

FORBIDDEN = (403, "application/json", json.dumps(gcs_api.error(
    403, "auditor@acme.iam.gserviceaccount.com does not have storage.buckets.getIamPolicy access to the Google Cloud "
         "Storage bucket. Permission 'storage.buckets.getIamPolicy' denied on resource (or it may not exist).",
    "forbidden")).encode())


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    """Same retry policy, without the seconds of backoff, in these tests only."""
    from google.cloud.storage.retry import DEFAULT_RETRY

    import srmscan.providers.gcp.collector as collector

    monkeypatch.setattr(collector, "RETRY", DEFAULT_RETRY.with_delay(initial=0.01, maximum=0.05).with_timeout(3.0))


def collect(project, endpoint=None):
    return collect_projects(GcpTarget((project,), endpoint, 4, services=("storage",)), NoProgress())


def test_emulator_buckets_are_judged_right(seeded_gcp):
    snapshot = collect(seeded_gcp.PROJECT)
    names = {r.name for r in snapshot.resources}
    assert names == set(seeded_gcp.BUCKETS)
    assert all(not r.errors for r in snapshot.resources)
    assert verdicts(snapshot) == seeded_gcp.EXPECTED
    records = next(r for r in snapshot.resources if r.name == "acme-gcs-private-records")
    assert records.id == "gs://acme-gcs-private-records" and records.account == seeded_gcp.PROJECT
    assert records.config["default_kms_key"] == seeded_gcp.KMS_KEY


def test_public_binding_neutralised_by_prevention_is_evidence(seeded_gcp):
    report = evaluate_snapshots([collect(seeded_gcp.PROJECT)], Selection(include=("gcp.storage.bucket_public_access",)))
    by_name = {f.resource["name"]: f for f in report.findings}
    saved = by_name["acme-gcs-saved-by-prevention"]
    assert saved.status.value == "PASS" and saved.evidence["voided"][0]["member"] == "allUsers"
    drop = by_name["acme-gcs-partner-drop"]
    assert drop.evidence["grants"] == [{"source": "IAM policy", "member": "allAuthenticatedUsers",
                                        "role": "roles/storage.objectCreator", "access": ["write"]}]


def test_writes_are_refused_before_they_are_sent(gcs_emulator):
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    client = make_client("p", AnonymousCredentials(), None, 2, Reachability())
    with pytest.raises(WriteRefused, match="POST"):
        client.create_bucket("must-not-exist")
    assert [b.name for b in storage.Client(project="p").list_buckets()] == []


def test_denied_iam_read_is_error_never_pass(seeded_gcp, monkeypatch):
    with FaultProxy(seeded_gcp_url := __import__("os").environ["STORAGE_EMULATOR_HOST"]) as proxy:
        proxy.rules.append(Rule("GET", r"/b/acme-gcs-public-assets/iam", FORBIDDEN))
        monkeypatch.setenv("STORAGE_EMULATOR_HOST", proxy.url)
        snapshot = collect(seeded_gcp.PROJECT)
    assert seeded_gcp_url
    bucket = next(r for r in snapshot.resources if r.name == "acme-gcs-public-assets")
    assert bucket.errors["iam_policy"].code == "Forbidden"
    got = verdicts(snapshot)
    assert got[("gcp.storage.bucket_public_access", "acme-gcs-public-assets")] == "ERROR"
    assert got[("gcp.storage.bucket_uniform_access", "acme-gcs-public-assets")] == "PASS"


@pytest.fixture
def legacy_api(httpserver):
    """A project of three buckets over two pages: ACL-public, conditional IAM, and a throttled IAM read."""
    name_acl, name_cond, name_slow = "legacy-acl-site", "conditional-share", "throttled-bucket"
    base = "/storage/v1/b"
    listing = {"project": gcs_api.PROJECT, "projection": "noAcl", "prettyPrint": "false"}
    httpserver.expect_request(base, query_string=listing).respond_with_json(
        gcs_api.bucket_list([gcs_api.bucket(name_acl, uniform=False), gcs_api.bucket(name_cond, uniform=True)], "page-2"))
    httpserver.expect_request(base, query_string={**listing, "pageToken": "page-2"}).respond_with_json(
        gcs_api.bucket_list([gcs_api.bucket(name_slow, uniform=True, prevention="enforced")]))
    httpserver.expect_request(f"{base}/{name_acl}/iam").respond_with_json(gcs_api.iam_policy(name_acl, [
        {"role": "roles/storage.legacyBucketOwner", "members": [f"projectOwner:{gcs_api.PROJECT}"]}]))
    httpserver.expect_request(f"{base}/{name_acl}/acl").respond_with_json(
        gcs_api.bucket_acl(name_acl, [("allUsers", "READER")]))
    httpserver.expect_request(f"{base}/{name_acl}/defaultObjectAcl").respond_with_json(
        gcs_api.default_object_acl(name_acl, [("allAuthenticatedUsers", "READER")]))
    condition = {"title": "public prefix", "expression": 'resource.name.startsWith("projects/_/buckets/conditional-share/objects/public/")'}
    httpserver.expect_request(f"{base}/{name_cond}/iam").respond_with_json(gcs_api.iam_policy(name_cond, [
        {"role": "roles/storage.objectViewer", "members": ["allUsers"], "condition": condition}]))
    httpserver.expect_oneshot_request(f"{base}/{name_slow}/iam").respond_with_response(Response(
        json.dumps(gcs_api.error(429, "The rate of change requests to the bucket is too high.", "rateLimitExceeded")),
        status=429, content_type="application/json"))
    httpserver.expect_request(f"{base}/{name_slow}/iam").respond_with_json(gcs_api.iam_policy(name_slow, [
        {"role": "roles/storage.objectViewer", "members": ["allUsers"]}]))
    _LOGS[httpserver.url_for("").rstrip("/")] = httpserver
    return httpserver.url_for("").rstrip("/")


_LOGS = {}


def legacy_api_log(url):
    """(request, response) pairs the JSON API server saw, matched up by request path."""
    server = _LOGS[url]
    return [(request, response) for request, response in server.log]


def test_json_api_acls_conditions_paging_and_throttling(legacy_api):
    snapshot = collect(gcs_api.PROJECT, endpoint=legacy_api)
    assert sorted(r.name for r in snapshot.resources) == ["conditional-share", "legacy-acl-site", "throttled-bucket"]
    assert all(not r.errors for r in snapshot.resources), [r.errors for r in snapshot.resources]
    report = evaluate_snapshots([snapshot], Selection(include=("gcp.storage.bucket_public_access",
                                                               "gcp.storage.bucket_uniform_access")))
    by_key = {(f.check["id"], f.resource["name"]): f for f in report.findings}
    legacy = by_key[("gcp.storage.bucket_public_access", "legacy-acl-site")]
    assert legacy.status.value == "FAIL"
    assert {(g["source"], g["entity"], g["role"]) for g in legacy.evidence["grants"]} == {
        ("bucket ACL", "allUsers", "READER"), ("default object ACL", "allAuthenticatedUsers", "READER")}
    assert by_key[("gcp.storage.bucket_uniform_access", "legacy-acl-site")].status.value == "FAIL"
    conditional = by_key[("gcp.storage.bucket_public_access", "conditional-share")]
    assert conditional.status.value == "FAIL" and "conditional" in conditional.message
    assert conditional.evidence["grants"][0]["condition"]["title"] == "public prefix"
    throttled = by_key[("gcp.storage.bucket_public_access", "throttled-bucket")]
    assert throttled.status.value == "PASS" and throttled.evidence["voided"][0]["member"] == "allUsers"
    assert next(r for r in snapshot.resources if r.name == "legacy-acl-site").region == "europe-west1"
    throttled = [resp.status_code for req, resp in legacy_api_log(legacy_api) if req.path.endswith("/throttled-bucket/iam")]
    assert throttled == [429, 200]


def test_cli_scan_gcp_against_the_emulator(seeded_gcp, tmp_path):
    import os

    out = tmp_path / "gcp.json"
    result = run_cli("scan", "gcp", "--service", "storage", "--project", seeded_gcp.PROJECT, "--json", str(out), "--sarif", str(tmp_path / "g.sarif"),
                     env={"STORAGE_EMULATOR_HOST": os.environ["STORAGE_EMULATOR_HOST"]})
    assert result.returncode == 1, result.stderr
    report = json.loads(out.read_text())
    got = {key: f["status"] for key, f in findings_by_key(report).items()}
    assert got == seeded_gcp.EXPECTED
    public = findings_by_key(report)[("gcp.storage.bucket_public_access", "acme-gcs-public-assets")]
    assert public["responsibility"]["service_model"] == "PaaS"
    assert public["responsibility"]["provider_layer"] == "Access policies"
    sarif = json.loads((tmp_path / "g.sarif").read_text())
    assert sarif["runs"][0]["automationDetails"]["id"] == f"srmscan/gcp/{seeded_gcp.PROJECT}/"


def test_cli_gcp_without_credentials_or_project_is_one_line():
    result = run_cli("scan", "gcp")
    assert result.returncode == 2
    assert "no Google Cloud credentials" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_evaluating_the_snapshot_gives_the_same_findings(seeded_gcp, tmp_path):
    import os

    env = {"STORAGE_EMULATOR_HOST": os.environ["STORAGE_EMULATOR_HOST"]}
    scanned = run_cli("scan", "gcp", "--service", "storage", "--project", seeded_gcp.PROJECT, "--format", "json", "--snapshot-out",
                      str(tmp_path / "snap.json"), env=env)
    again = run_cli("evaluate", str(tmp_path / "snap.json"), "--format", "json")
    assert json.loads(again.stdout)["findings"] == json.loads(scanned.stdout)["findings"]


def test_cli_scan_gcp_with_an_explicit_endpoint(legacy_api, tmp_path):
    result = run_cli("scan", "gcp", "--service", "storage", "--project", gcs_api.PROJECT, "--endpoint", legacy_api,
                     "--checks", "gcp.storage.bucket_public_access", "--format", "json")
    assert result.returncode == 1, result.stderr
    got = {f["resource"]["name"]: f["status"] for f in json.loads(result.stdout)["findings"]}
    assert got == {"legacy-acl-site": "FAIL", "conditional-share": "FAIL", "throttled-bucket": "PASS"}


GCS_FAULTS = (
    (429, "application/json", json.dumps(gcs_api.error(429, "The rate of requests is too high.", "rateLimitExceeded")).encode()),
    (503, "application/json", json.dumps(gcs_api.error(503, "Backend Error", "backendError")).encode()),
    (500, "application/json", json.dumps(gcs_api.error(500, "Internal Error", "internalError")).encode()),
    (502, "text/html", b"<html><body>502 Bad Gateway</body></html>"),
)


@pytest.mark.parametrize("seed", [3, 5])
def test_random_faults_give_the_clean_results(seeded_gcp, monkeypatch, fast_retries, seed):
    from google.cloud import storage

    from fault_proxy import Chaos

    client = storage.Client(project=seeded_gcp.PROJECT)
    for i in range(20):
        client.create_bucket(f"extra-bucket-{i:02d}")
    clean = verdicts(collect(seeded_gcp.PROJECT))
    with FaultProxy(os.environ["STORAGE_EMULATOR_HOST"]) as proxy:
        monkeypatch.setenv("STORAGE_EMULATOR_HOST", proxy.url)
        proxy.chaos = Chaos(seed=seed, fault_rate=0.30, drop_rate=0.05, responses=GCS_FAULTS)
        snapshot = collect(seeded_gcp.PROJECT)
        assert proxy.chaos.faults > 5 and proxy.chaos.drops > 0
    assert snapshot.errors == [] and not any(r.errors for r in snapshot.resources)
    assert verdicts(snapshot) == clean


# -- organisations and folders: Cloud Resource Manager v3 and per-project buckets on one JSON API server --

ORG = "100200300400"
HIERARCHY = {   # parent -> (projects, folders), direct children as projects.list / folders.list give them
    f"organizations/{ORG}": (["acme-web", "acme-shut"], ["folders/210", "folders/220"]),
    "folders/210": (["acme-data"], ["folders/211"]),
    "folders/211": (["acme-deep", "acme-ml"], []),
    "folders/220": (["acme-dev"], ["folders/221"]),
    "folders/221": ([], []),   # denied below: listing it fails
}
PUBLIC_PROJECTS = {"acme-web", "acme-deep"}


def crm_project(project_id: str, parent: str, state: str = "ACTIVE") -> dict:
    number = str(abs(hash(project_id)) % 10**12)
    return {"name": f"projects/{number}", "parent": parent, "projectId": project_id, "state": state,
            "displayName": project_id, "createTime": "2024-01-01T00:00:00.000Z", "updateTime": "2024-01-01T00:00:00.000Z",
            "etag": "W/\"1\""}


def crm_folder(name: str, parent: str) -> dict:
    return {"name": name, "parent": parent, "displayName": name, "state": "ACTIVE",
            "createTime": "2024-01-01T00:00:00.000Z", "updateTime": "2024-01-01T00:00:00.000Z", "etag": "W/\"1\""}


@pytest.fixture
def organization_api(httpserver):
    for parent, (projects, folders) in HIERARCHY.items():
        listing = {"parent": parent, "pageSize": "1000"}
        if parent == "folders/221":
            for kind in ("projects", "folders"):
                httpserver.expect_request(f"/v3/{kind}", query_string=listing).respond_with_json(
                    gcs_api.error(403, "The caller does not have permission", "forbidden"), status=403)
            continue
        items = [crm_project(p, parent, "DELETE_REQUESTED" if p == "acme-shut" else "ACTIVE") for p in projects]
        if len(items) > 1:   # two pages
            httpserver.expect_request("/v3/projects", query_string=listing).respond_with_json(
                {"projects": items[:1], "nextPageToken": "p2"})
            httpserver.expect_request("/v3/projects", query_string={**listing, "pageToken": "p2"}).respond_with_json(
                {"projects": items[1:]})
        else:
            httpserver.expect_request("/v3/projects", query_string=listing).respond_with_json({"projects": items})
        httpserver.expect_request("/v3/folders", query_string=listing).respond_with_json(
            {"folders": [crm_folder(f, parent) for f in folders]})
    for project in ["acme-web", "acme-data", "acme-deep", "acme-ml", "acme-dev", "acme-other"]:
        name = f"{project}-bucket"
        httpserver.expect_request("/storage/v1/b", query_string={"project": project, "projection": "noAcl",
                                                                 "prettyPrint": "false"}).respond_with_json(
            gcs_api.bucket_list([gcs_api.bucket(name, uniform=True)]))
        members = ["allUsers"] if project in PUBLIC_PROJECTS else [f"projectViewer:{project}"]
        httpserver.expect_request(f"/storage/v1/b/{name}/iam").respond_with_json(gcs_api.iam_policy(name, [
            {"role": "roles/storage.objectViewer", "members": members}]))
    return httpserver.url_for("").rstrip("/")


def org_scan(url, tmp_path, *extra, name="org"):
    out = tmp_path / f"{name}.json"
    result = run_cli("scan", "gcp", "--service", "storage", "--endpoint", url, "--resource-manager-endpoint", url, "--format", "json",
                     "--output", str(out), *extra)
    assert result.returncode in (1, 3), result.stderr
    return result, json.loads(out.read_text())


def test_an_organisation_scans_every_active_project_under_it(organization_api, tmp_path):
    result, report = org_scan(organization_api, tmp_path, "--organization", ORG)
    assert result.returncode == 1
    scan = report["scans"][0]
    assert scan["accounts"] == ["acme-data", "acme-deep", "acme-dev", "acme-ml", "acme-web"]   # not acme-shut
    public = {f["resource"]["account"] for f in report["findings"]
              if f["check"]["id"] == "gcp.storage.bucket_public_access" and f["status"] == "FAIL"}
    assert public == PUBLIC_PROJECTS
    [error] = report["collection_errors"]
    assert "folders/221" in error["scope"] and error["code"] == "Forbidden"
    _, folder = org_scan(organization_api, tmp_path, "--folder", "210", name="folder")
    assert folder["scans"][0]["accounts"] == ["acme-data", "acme-deep", "acme-ml"]


def test_organisation_shards_merged_give_the_unsharded_run(organization_api, tmp_path):
    whole_result, whole = org_scan(organization_api, tmp_path, "--organization", ORG, name="whole")
    for index in (1, 2, 3):
        collected = run_cli("collect", "gcp", "--service", "storage", "--endpoint", organization_api, "--resource-manager-endpoint",
                            organization_api, "--organization", ORG, "--shard", f"{index}/3",
                            "--output", str(tmp_path / f"s{index}.json"))
        assert collected.returncode in (0, 3), collected.stderr
    merged = run_cli("evaluate", *(str(tmp_path / f"s{i}.json") for i in (1, 2, 3)), "--format", "json",
                     "--output", str(tmp_path / "merged.json"))
    together = json.loads((tmp_path / "merged.json").read_text())
    outcome = lambda r: sorted((f["check"]["id"], f["resource"]["id"], f["status"]) for f in r["findings"])  # noqa: E731
    assert merged.returncode == whole_result.returncode and outcome(together) == outcome(whole)
    sizes = [len(json.loads((tmp_path / f"s{i}.json").read_text())["metadata"]["accounts"]) for i in (1, 2, 3)]
    assert sorted(sizes) == [1, 2, 2]


def test_an_unlistable_organisation_is_one_line(organization_api, httpserver, tmp_path):
    httpserver.expect_request("/v3/projects", query_string={"parent": "organizations/999", "pageSize": "1000"}) \
        .respond_with_json(gcs_api.error(403, "The caller does not have permission\non organizations/999", "forbidden"),
                           status=403)
    result = run_cli("scan", "gcp", "--service", "storage", "--endpoint", organization_api, "--resource-manager-endpoint", organization_api,
                     "--organization", "999")
    assert result.returncode == 2
    assert "cannot list the projects under organizations/999 (Forbidden: 403" in result.stderr
    assert "The caller does not have permission on organizations/999" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
