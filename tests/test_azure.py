"""The Azure adapter: real azure-identity, azure-mgmt-storage and azure-core clients over HTTPS against a
local server answering like ARM, Microsoft Graph and the Entra token endpoint."""

import json
import re

import jsonschema
import pytest

import azure_demo_tenant as demo
from srmscan.providers.azure.reads import CATALOGUE
from conftest import findings_by_key, run_cli


def scan(server, tmp_path, *extra, name="az"):
    out = tmp_path / f"{name}.json"
    result = run_cli("scan", "azure", *server.cli_args(), "--format", "json", "--output", str(out), *extra,
                     env=server.env(), cwd=tmp_path)
    assert result.returncode in (0, 1, 3), result.stderr
    return result, json.loads(out.read_text())


def statuses(report):
    return {key: f["status"] for key, f in findings_by_key(report).items()}


def test_every_resource_gets_the_right_verdict(azure_api, tmp_path, findings_schema):
    result, report = scan(azure_api, tmp_path)
    assert result.returncode == 1
    jsonschema.validate(report, findings_schema)
    assert statuses(report) == demo.EXPECTED
    models = {}
    for finding in report["findings"]:
        models.setdefault(finding["check"]["id"].split(".")[1], set()).add(finding["responsibility"]["service_model"])
    paas = ("storage", "keyvault", "sql", "appservice", "postgresql", "mysql", "monitor", "aks", "containerregistry",
            "cosmosdb", "eventhub", "servicebus", "redis", "cognitiveservices", "appgateway", "frontdoor", "databricks",
            "synapse", "datafactory", "loganalytics")
    assert models == {**{service: {"PaaS"} for service in paas}, "entra": {"SaaS"}, "m365": {"SaaS"},
                      "network": {"IaaS"}, "authorization": {"IaaS"}, "compute": {"IaaS"},
                      "defender": {"PaaS", "IaaS"}}   # Defender for Servers' extensions judge the machines' layer
    web = findings_by_key(report)[("azure.storage.container_public_access", "acmeprodweb/public-assets")]
    assert web["resource"]["id"].endswith("/storageAccounts/acmeprodweb/blobServices/default/containers/public-assets")
    assert web["evidence"]["public_access"] == "Container" and web["evidence"]["account_allow_blob_public_access"] is True
    assert web["responsibility"]["provider_layer"] == "Information and data"
    # Key Vault data plane: only the key, secret and certificate lists (attributes) and keys' rotation policies were
    # asked for, never a secret's value
    vault_reads = {path.split("?")[0] for _, path in azure_api.requests if path.startswith("/keyvault/")}
    assert vault_reads and all(re.fullmatch(r"/keyvault/[^/]+/(keys|secrets|certificates|keys/[^/]+/rotationpolicy)",
                                            path) for path in vault_reads)
    assert "/keyvault/acme-records-kv/keys/records-cmk/rotationpolicy" in vault_reads
    assert "ftp-password" in findings_by_key(report)[("azure.keyvault.secrets_expire_access_policies", "acme-legacy-kv")]["message"]
    saved = findings_by_key(report)[("azure.storage.container_public_access", "acmeprodrecords/records")]
    assert "neutralised" in saved["message"]
    files = findings_by_key(report)[("azure.storage.blob_versioning", "acmedevfiles")]
    assert files["message"] == "no Blob service on this FileStorage account"
    assert not any("acmedevfiles/blobServices" in path for _, path in azure_api.requests)


def test_conditional_access_subtleties_are_explained(azure_api, tmp_path):
    _, report = scan(azure_api, tmp_path)
    mfa = findings_by_key(report)[("azure.entra.mfa_all_users", demo.TENANT_ID)]
    why = {p["policy"]: p.get("why_not", []) for p in mfa["evidence"]["policies_considered"]}
    assert len(why) == 5  # all three pages of policies were read
    assert "state is enabledForReportingButNotEnforced" in why["Require MFA for all users (pilot)"]
    assert "not scoped to all cloud apps" in why["MFA for Salesforce"]
    legacy = findings_by_key(report)[("azure.entra.legacy_auth_blocked", demo.TENANT_ID)]
    blocked = next(p for p in legacy["evidence"]["policies_considered"] if p["policy"] == "Block legacy authentication")
    assert blocked["why_not"] == ["broad exclusion: excludeGroups"]
    assert blocked["exclusions"] == {"excludeGroups": ["1a2b3c4d-0000-4000-8000-0000000000aa"]}
    admins = findings_by_key(report)[("azure.entra.mfa_admin_roles", demo.TENANT_ID)]
    assert admins["evidence"]["policy"]["policy"] == "MFA for administrators"


def test_paging_is_followed(azure_api, tmp_path):
    _, report = scan(azure_api, tmp_path)
    accounts = {f["resource"]["account"] for f in report["findings"] if f["resource"]["type"] == "azure.storage.account"}
    assert accounts == {demo.PROD, demo.SANDBOX, demo.DEV}  # subscriptions came on two pages
    containers = {f["resource"]["name"] for f in report["findings"] if f["resource"]["type"] == "azure.storage.container"}
    assert {"acmeprodweb/public-assets", "acmeprodweb/invoices", "acmeprodweb/images"} <= containers
    paged = [path for method, path in azure_api.requests if "skiptoken" in path]
    assert any("/subscriptions?" in p for p in paged) and any("/conditionalAccess/policies?" in p for p in paged)
    assert any("/containers?" in p for p in paged) and any("/storageAccounts?" in p for p in paged)


def test_throttling_honours_retry_after_and_changes_nothing(azure_api, tmp_path):
    _, baseline = scan(azure_api, tmp_path, name="first")
    azure_api.tenant.throttled = {r"/acmeprodweb/blobServices/default/containers$": 2,
                                  r"/v1.0/policies/authorizationPolicy$": 1}
    _, throttled = scan(azure_api, tmp_path, name="second")
    assert azure_api.tenant.throttled == {r"/acmeprodweb/blobServices/default/containers$": 0,
                                          r"/v1.0/policies/authorizationPolicy$": 0}
    assert statuses(throttled) == statuses(baseline)


def test_a_denied_graph_read_is_error_on_that_setting_only(azure_api, tmp_path):
    azure_api.tenant.denied.add(r"^/v1.0/admin/sharepoint/settings$")
    result, report = scan(azure_api, tmp_path)
    got = statuses(report)
    sharepoint = findings_by_key(report)[("azure.m365.sharepoint_external_sharing", demo.TENANT_ID)]
    assert got[("azure.m365.sharepoint_external_sharing", demo.TENANT_ID)] == "ERROR"
    assert sharepoint["evidence"]["error_code"] == "Authorization_RequestDenied"
    assert got[("azure.entra.user_consent_restricted", demo.TENANT_ID)] == "FAIL"
    denied_storage = findings_by_key(report)[("azure.storage.blob_versioning", "acmelegacydata")]
    assert denied_storage["evidence"] == {"unreadable": "blob_service", "error_code": "AuthorizationFailed"}


def test_network_watchers_are_listed_once_and_a_denied_listing_is_error_not_fail(azure_api, tmp_path):
    scan(azure_api, tmp_path, name="clean")
    listings = [path for _, path in azure_api.requests if path.split("?")[0].endswith("/providers/Microsoft.Network/networkWatchers")]
    assert len(listings) == len(demo.tenant().subscriptions)   # one GET per subscription serves both uses
    azure_api.tenant.denied.add(rf"^/subscriptions/{demo.PROD}/providers/Microsoft\.Network/networkWatchers$")
    _, report = scan(azure_api, tmp_path, name="denied")
    got = statuses(report)
    assert got[("azure.network.watcher_in_used_regions", demo.PROD)] == "ERROR"
    assert got[("azure.network.vnet_flow_logs", "vnet-prod")] == "ERROR"
    assert got[("azure.network.watcher_in_used_regions", demo.DEV)] == "PASS"


def test_answers_shared_by_many_items_are_read_once(azure_api, tmp_path):
    scan(azure_api, tmp_path)
    paths = [path.split("?")[0] for _, path in azure_api.requests if "skiptoken" not in path]   # first pages
    assert paths.count("/providers/Microsoft.Web/webAppStacks") == 1   # not once per subscription
    versions = [p for p in paths if p.endswith("/kubernetesVersions")]
    assert sorted(versions) == sorted(set(versions)) and len(versions) == 3   # per subscription and region: the
    # development subscription's two eastus clusters share one answer


def test_only_reads_reach_the_server(azure_api, tmp_path):
    scan(azure_api, tmp_path)
    methods = {(method, path.split("?")[0].endswith("/oauth2/v2.0/token")) for method, path in azure_api.requests}
    assert methods <= {("GET", False), ("POST", True), ("POST", False)}
    posts = {path.split("?")[0] for method, path in azure_api.requests
             if method == "POST" and not path.split("?")[0].endswith("/oauth2/v2.0/token")}
    assert posts == {"/providers/Microsoft.ResourceGraph/resources"}   # a query: the one POST that only reads


def test_writes_are_refused_before_they_are_sent(azure_api, monkeypatch):
    from srmscan.providers.azure import options
    from srmscan.providers.azure.collector import Readers, _storage_client
    from srmscan.providers.reachability import Reachability
    from srmscan.providers.azure.http import WriteRefused, make_credential

    for key, value in azure_api.env().items():
        monkeypatch.setenv(key, value)
    target = options(arm_endpoint=azure_api.url, graph_endpoint=azure_api.url, authority_host=azure_api.url)
    client = _storage_client(make_credential(target.cloud.authority, None), target, demo.PROD, Reachability())
    readers = Readers(make_credential(target.cloud.authority, None), target, Reachability())
    with pytest.raises(WriteRefused, match="POST"):   # a POST elsewhere than Resource Graph's query path
        readers.arm.query("/providers/Microsoft.ResourceGraph/resourcesX?api-version=2022-10-01", {"query": "x"})
    with pytest.raises(WriteRefused, match="POST"):
        readers.arm.query(f"/subscriptions/{demo.PROD}/providers/Microsoft.Storage/storageAccounts/x/listKeys", {})
    with pytest.raises(WriteRefused, match="PUT"):
        client.blob_containers.create("rg-web", "acmeprodweb", "new-container", {})
    with pytest.raises(WriteRefused, match="DELETE"):
        client.storage_accounts.delete("rg-web", "acmeprodweb")
    assert {m for m, _ in azure_api.requests} <= {"GET", "POST"}
    assert not any("new-container" in p or "resourcesX" in p or "listKeys" in p for _, p in azure_api.requests)


def test_purview_reads_dlp_and_labels_with_get_cmdlets_only(azure_api, tmp_path):
    _, plain = scan(azure_api, tmp_path, name="plain")
    assert not any(path.startswith("/adminapi/") for _, path in azure_api.requests)   # opt-in: nothing asked
    assert not any(f["check"]["id"] in {c for c, _ in demo.PURVIEW_EXPECTED} for f in plain["findings"])
    result, report = scan(azure_api, tmp_path, "--purview", name="purview")
    assert statuses(report) == {**demo.EXPECTED, **demo.PURVIEW_EXPECTED}
    assert sorted(set(azure_api.cmdlets)) == ["Get-DlpCompliancePolicy", "Get-DlpComplianceRule", "Get-Label",
                                              "Get-LabelPolicy"]
    assert len(azure_api.cmdlets) == 7   # every page: three policies, rules and labels at two a page, one label policy
    banner = [p for m, p in azure_api.requests if "EXOBanner" in p]
    assert len(banner) == 1   # the regional host is asked for once
    gaps = findings_by_key(report)[("azure.m365.dlp_covers_every_workload", demo.TENANT_ID)]["message"]
    assert gaps == ("OneDrive accounts: no enforced rule for any sensitive information type; Teams chats and channels: "
                    "no enforced rule for any sensitive information type")


def test_only_get_cmdlets_leave_the_machine(azure_api, monkeypatch):
    from azure.core.rest import HttpRequest

    from srmscan.providers.azure import options
    from srmscan.providers.azure.collector import Readers
    from srmscan.providers.azure.http import WriteRefused, make_credential
    from srmscan.providers.reachability import Reachability

    for key, value in azure_api.env().items():
        monkeypatch.setenv(key, value)
    target = options(arm_endpoint=azure_api.url, graph_endpoint=azure_api.url, authority_host=azure_api.url,
                     compliance_endpoint=azure_api.url, purview=True)
    client = Readers(make_credential(target.cloud.authority, None), target, Reachability()).compliance(demo.TENANT_ID)
    for cmdlet in ("Set-DlpCompliancePolicy", "Remove-Label", "New-DlpComplianceRule", "Get-Label; Remove-Label"):
        with pytest.raises(WriteRefused, match="cmdlet"):
            client.invoke(cmdlet)
    url = f"{azure_api.url}/adminapi/beta/{demo.TENANT_ID}/InvokeCommand"
    for body in ({"CmdletInput": {"CmdletName": "Remove-DlpCompliancePolicy", "Parameters": {"Identity": "x"}}},
                 {"CmdletInput": {}}, "not json"):   # the transport refuses them too, whoever builds the request
        request = HttpRequest("POST", url, json=body) if isinstance(body, dict) else HttpRequest("POST", url, content=body)
        with pytest.raises(WriteRefused, match="POST"):
            client._client.send_request(request)
    assert azure_api.cmdlets == []
    assert client.invoke("Get-Label")[0]["Name"] == "Confidential"   # and a Get-* cmdlet does go out
    assert azure_api.cmdlets == ["Get-Label", "Get-Label"]


@pytest.mark.parametrize("location, host", [
    ("https://eur03b.ps.compliance.protection.outlook.com/adminapi/beta/t/EXOBanner", "https://eur03b.ps.compliance.protection.outlook.com"),
    ("https://eur03b.protection.outlook.com/adminapi/beta/t/EXOBanner", "https://eur03b.ps.compliance.protection.outlook.com"),
    ("https://nam12b.ps.compliance.protection.outlook.com:443/x", "https://nam12b.ps.compliance.protection.outlook.com:443"),
])
def test_the_regional_host_stays_below_the_endpoint(location, host):
    from srmscan.providers.azure.compliance import regional_host

    assert regional_host("https://ps.compliance.protection.outlook.com", location) == host


def test_purview_needs_the_tenant(azure_api, tmp_path):
    result = run_cli("scan", "azure", *azure_api.cli_args(), "--purview", "--no-entra", env=azure_api.env(), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--purview" in result.stderr


def test_no_entra_skips_graph(azure_api, tmp_path):
    _, report = scan(azure_api, tmp_path, "--no-entra")
    assert not any(f["resource"]["type"] == "azure.entra.tenant" for f in report["findings"])
    assert not any(p.startswith("/v1.0/") for _, p in azure_api.requests)


@pytest.mark.parametrize("env_change", [
    {"AZURE_CLIENT_SECRET": None, "AZURE_CLIENT_ID": None},   # no identity at all
    {"AZURE_CLIENT_SECRET": "", "AZURE_CLIENT_ID": ""},       # variables set but empty
], ids=["absent", "empty"])
def test_missing_credentials_is_one_line(azure_api, tmp_path, env_change):
    env = {k: v for k, v in {**azure_api.env(), **env_change}.items() if v is not None}
    result = run_cli("scan", "azure", *azure_api.cli_args(), env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("srmscan: error: no usable Azure credentials")
    assert len(result.stderr.strip().splitlines()) == 1


def test_evaluating_the_snapshot_gives_the_same_findings(azure_api, tmp_path):
    _, scanned = scan(azure_api, tmp_path, "--snapshot-out", str(tmp_path / "snap.json"))
    saved = (tmp_path / "snap.json").read_text()   # an application secret's hint (its first characters) is never kept
    assert '"hint"' not in saved and "Qx~" not in saved and "sync-2025" in saved
    again = run_cli("evaluate", str(tmp_path / "snap.json"), "--format", "json", cwd=tmp_path)
    assert json.loads(again.stdout)["findings"] == scanned["findings"]


ARM_FAULTS = ((429, {"error": {"code": "TooManyRequests", "message": "Rate limit exceeded"}}),
              (500, {"error": {"code": "InternalServerError", "message": "Encountered internal server error."}}),
              (503, {"error": {"code": "ServiceUnavailable", "message": "The service is unavailable."}}),
              (502, {"error": {"code": "BadGateway", "message": "Bad gateway."}}))


@pytest.mark.parametrize("seed", [2, 9])
def test_random_faults_give_the_clean_results(azure_api, monkeypatch, seed):
    from fault_proxy import Chaos
    import srmscan.providers.azure.http as http
    from srmscan.pipeline import Selection, evaluate_snapshots
    from srmscan.progress import NoProgress
    from srmscan.providers.azure import collect, options

    monkeypatch.setattr(http, "BACKOFF_FACTOR", 0.0)
    for key, value in azure_api.env().items():
        monkeypatch.setenv(key, value)
    target = options(arm_endpoint=azure_api.url, graph_endpoint=azure_api.url, authority_host=azure_api.url)

    def results():
        snapshot = collect(target, NoProgress())
        report = evaluate_snapshots([snapshot], Selection())
        return snapshot, {(f.check["id"], f.resource["id"]): f.status.value for f in report.findings}

    _, clean = results()
    azure_api.chaos = Chaos(seed=seed, fault_rate=0.30, drop_rate=0.05, responses=ARM_FAULTS)
    snapshot, noisy = results()
    assert azure_api.chaos.faults > 5
    denied = ("acmelegacydata", "acme-dev-kv")   # the reads the demo tenant refuses on purpose
    assert all("acme-dev-kv" in e.scope for e in snapshot.errors)   # its keys could not be listed either
    assert not any(r.errors for r in snapshot.resources if r.name not in denied)
    assert noisy == clean

LOCKED = "7e7e7e7e-0000-4000-8000-00000000dead"   # under the management group, but the identity cannot read it


def with_management_groups(server):
    import azure_api as api

    server.tenant.management_groups = {"acme": [
        api.descendant("group", "acme-prod", "acme"), api.descendant("subscription", demo.PROD, "acme-prod"),
        api.descendant("subscription", demo.SANDBOX, "acme-prod"), api.descendant("group", "acme-dev", "acme"),
        api.descendant("subscription", demo.DEV, "acme-dev"), api.descendant("subscription", LOCKED, "acme-dev")]}
    server.tenant.denied.add(rf"^/subscriptions/{LOCKED}/")


def outcomes(report):
    return sorted((f["check"]["id"], f["resource"]["id"], f["status"], f["message"]) for f in report["findings"])


def test_a_management_group_scans_every_subscription_under_it_and_isolates_a_locked_one(azure_api, tmp_path):
    with_management_groups(azure_api)
    result, report = scan(azure_api, tmp_path, "--management-group", "acme")
    assert result.returncode == 1
    scan_info = report["scans"][0]
    assert scan_info["accounts"] == sorted([demo.PROD, demo.SANDBOX, demo.DEV, LOCKED, demo.TENANT_ID])
    assert scan_info["management_group"] == "acme"
    errors = [e for e in report["collection_errors"] if "acme-dev-kv" not in e["scope"]]   # (refused on purpose)
    assert {(e["account"], e["code"]) for e in errors} == {(LOCKED, "AuthorizationFailed")}
    # each resource type listed per subscription (the tenant's, Entra applications and service principals, once)
    assert len(errors) == len([kind for kind in CATALOGUE.types() if kind.scope != "tenant"])
    locked = [f for f in report["findings"] if f["resource"]["account"] == LOCKED]
    assert locked and {f["status"] for f in locked} == {"ERROR"}   # its own settings could not be read either
    assert {f["resource"]["type"] for f in locked} == {"azure.account"}
    _, everything = scan(azure_api, tmp_path, name="all")   # the same subscriptions, listed the default way
    report["findings"] = [f for f in report["findings"] if f["resource"]["account"] != LOCKED]
    assert outcomes(report) == outcomes(everything)
    assert all(method == "GET" or path.startswith("/providers/Microsoft.ResourceGraph/resources?")
               for method, path in azure_api.requests if "oauth2" not in path)


def test_management_group_shards_merged_give_the_unsharded_run(azure_api, tmp_path):
    with_management_groups(azure_api)
    whole_result, whole = scan(azure_api, tmp_path, "--management-group", "acme", name="whole")
    sizes = []
    for index in (1, 2):
        out = tmp_path / f"shard-{index}.json"
        collected = run_cli("collect", "azure", *azure_api.cli_args(), "--management-group", "acme",
                            "--shard", f"{index}/2", "--output", str(out), env=azure_api.env(), cwd=tmp_path)
        assert collected.returncode in (0, 3), collected.stderr
        sizes.append(len(json.loads(out.read_text())["metadata"]["accounts"]))
    assert sizes == [3, 2]   # 4 subscriptions and the tenant, shared out
    merged = run_cli("evaluate", str(tmp_path / "shard-2.json"), str(tmp_path / "shard-1.json"), "--format", "json",
                     "--output", str(tmp_path / "merged.json"))
    assert merged.returncode == whole_result.returncode
    together = json.loads((tmp_path / "merged.json").read_text())
    assert outcomes(together) == outcomes(whole) and together["summary"] == whole["summary"]


def test_an_unknown_management_group_is_one_line(azure_api, tmp_path):
    result = run_cli("scan", "azure", *azure_api.cli_args(), "--management-group", "nope", env=azure_api.env(),
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("srmscan: error: cannot list management group 'nope' (ResourceNotFound")
    assert len(result.stderr.strip().splitlines()) == 1
