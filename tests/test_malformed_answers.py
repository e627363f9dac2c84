"""An answer whose shape the shape function does not expect is an error on exactly that resource's key
(checks reading it say ERROR), on every cloud, never the end of the scan (srmscan.providers.recording):
one Key Vault's diagnostic settings on the ARM stand-in, one Cloud SQL instance on the Google REST
stand-in, one bucket's IAM policy from gcp-storage-emulator behind the fault proxy."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path

from check_cases import verdicts
from fault_proxy import FaultProxy, Rule
from srmscan.progress import NoProgress

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import azure_api  # noqa: E402
import azure_demo_tenant  # noqa: E402
import gcp_api  # noqa: E402
import gcp_demo_project  # noqa: E402


def test_a_malformed_key_vault_answer_is_an_error_on_that_vault_only(monkeypatch):
    from srmscan.providers.azure import options
    from srmscan.providers.azure.collector import collect_azure

    tenant = azure_demo_tenant.tenant()
    vault = azure_demo_tenant.VAULTS[azure_demo_tenant.PROD][0]
    tenant.arm[vault["id"] + "/providers/Microsoft.Insights/diagnosticSettings"] = [
        {"name": "to-workspace", "properties": {"logs": "AuditEvent"}}]   # logs must be a list of objects
    with azure_api.AzureApiServer(tenant) as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        target = options(arm_endpoint=server.url, graph_endpoint=server.url, authority_host=server.url)
        snapshot = collect_azure(target, NoProgress())
    broken = next(r for r in snapshot.resources if r.id == vault["id"])
    assert broken.errors["diagnostic_settings"].code == "UnexpectedResponse"
    assert set(broken.errors) == {"diagnostic_settings"}
    others = [r for r in snapshot.resources if r.type == broken.type and r.id != vault["id"]]
    assert others and all("diagnostic_settings" not in r.errors for r in others)
    got = verdicts(snapshot)
    assert got[("azure.keyvault.diagnostic_logging", vault["name"])] == "ERROR"
    assert got[("azure.keyvault.purge_protection", vault["name"])] != "ERROR"


def test_a_malformed_cloud_sql_instance_keeps_its_identity_with_errors():
    from srmscan.providers.gcp import FOUNDATION_SERVICES, GcpTarget
    from srmscan.providers.gcp.collector import collect_projects

    projects = gcp_demo_project.foundations()
    project = next(p for p in projects if p.sql_instances)
    odd = copy.deepcopy(project.sql_instances[0])
    odd["name"], odd["selfLink"] = "odd-one", odd["selfLink"].rsplit("/", 1)[0] + "/odd-one"
    odd["settings"] = "db-custom-1-3840"   # an object in the API description
    project.sql_instances.append(odd)
    with gcp_api.GcpApiServer(*projects, nodes=gcp_demo_project.NODES) as server:
        snapshot = collect_projects(GcpTarget((project.project_id,), None, 4, services=FOUNDATION_SERVICES,
                                              api_endpoint=server.url), NoProgress())
    assert snapshot.errors == []
    sql = [r for r in snapshot.resources if r.type == "gcp.sql.instance"]
    broken = next(r for r in sql if r.name == "odd-one")
    assert broken.errors and all(e.code == "UnexpectedResponse" for e in broken.errors.values())
    assert all(not r.errors for r in sql if r.name != "odd-one")
    got = verdicts(snapshot)
    assert {status for (check, name), status in got.items() if name == "odd-one"} == {"ERROR"}
    assert got[("gcp.sql.ssl_required", project.sql_instances[0]["name"])] != "ERROR"


def test_a_malformed_bucket_iam_policy_is_an_error_on_that_bucket_only(seeded_gcp, monkeypatch):
    from srmscan.providers.gcp import GcpTarget
    from srmscan.providers.gcp.collector import collect_projects

    odd_policy = (200, "application/json", json.dumps({"kind": "storage#policy", "bindings": "allUsers"}).encode())
    with FaultProxy(os.environ["STORAGE_EMULATOR_HOST"]) as proxy:
        proxy.rules.append(Rule("GET", r"/b/acme-gcs-public-assets/iam", odd_policy))
        monkeypatch.setenv("STORAGE_EMULATOR_HOST", proxy.url)
        snapshot = collect_projects(GcpTarget((seeded_gcp.PROJECT,), None, 4, services=("storage",)), NoProgress())
    bucket = next(r for r in snapshot.resources if r.name == "acme-gcs-public-assets")
    assert bucket.errors["iam_policy"].code == "UnexpectedResponse"
    assert all("iam_policy" not in r.errors for r in snapshot.resources if r is not bucket)
    got = verdicts(snapshot)
    assert got[("gcp.storage.bucket_public_access", "acme-gcs-public-assets")] == "ERROR"
    assert got[("gcp.storage.bucket_uniform_access", "acme-gcs-public-assets")] == "PASS"
