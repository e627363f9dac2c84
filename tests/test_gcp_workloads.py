"""Google Cloud workloads: table tests of the semantics the serverless, artifact and Dataproc checks implement
(public invocation behind ingress, default identities, runtime support by Google's own runtimes.list, secret-like
variable names), the shapes of real answers with optional fields absent, and that no environment value is kept."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import gcp_api  # noqa: E402
import gcp_demo_project as demo  # noqa: E402
import gcp_demo_workloads as workloads  # noqa: E402
import gcp_workload_api as w  # noqa: E402

from srmscan.analysis.gcp_workloads import (default_service_account, public_invocation, runtime_support,  # noqa: E402
                                            secret_like)


def policy(*members, role="roles/run.invoker", condition=None):
    binding = {"role": role, "members": list(members), **({"condition": condition} if condition else {})}
    return {"bindings": [binding]}


@pytest.mark.parametrize("members, ingress, status", [
    (["allUsers"], "all", "FAIL"),
    (["allAuthenticatedUsers"], "all", "FAIL"),                       # any Google account is the public
    (["allUsers"], "internal-and-cloud-load-balancing", "FAIL"),     # the load balancer admits the internet
    (["allUsers"], "internal", "PASS"),                              # the internet never reaches it
    (["user:alice@acme.example"], "all", "PASS"),
    (["domain:acme.example"], "all", "PASS"),
    ([], "all", "PASS"),
])
def test_a_service_is_public_when_the_public_may_invoke_and_ingress_admits_the_internet(members, ingress, status):
    assert public_invocation(policy(*members), ingress, ("internal",)).status.value == status


def test_a_conditional_public_grant_still_counts():
    verdict = public_invocation(policy("allUsers", condition={"expression": "request.time < timestamp('2030-01-01')"}),
                                "ALLOW_ALL", ("ALLOW_INTERNAL_ONLY",))
    assert verdict.status.value == "FAIL" and "conditional" in verdict.message


@pytest.mark.parametrize("email, status", [
    (None, "FAIL"), ("", "FAIL"),
    ("123456789012-compute@developer.gserviceaccount.com", "FAIL"),
    ("acme-analytics@appspot.gserviceaccount.com", "FAIL"),
    ("api-runner@acme-analytics.iam.gserviceaccount.com", "PASS"),
    ("compute@acme-analytics.iam.gserviceaccount.com", "PASS"),     # named "compute", yet the user's own
])
def test_default_identities(email, status):
    assert default_service_account(email).status.value == status


RUNTIMES = {"nodejs20": {"stage": "GA", "deprecation": "2026-04-30", "decommission": "2026-10-30"},
            "nodejs22": {"stage": "GA", "deprecation": "2027-04-30", "decommission": None},
            "python38": {"stage": "DECOMMISSIONED", "deprecation": None, "decommission": None},
            "nodejs18": {"stage": "DEPRECATED", "deprecation": "2025-04-30", "decommission": "2025-10-30"},
            "go125": {"stage": "GA", "deprecation": None, "decommission": None},
            "python314": {"stage": "BETA", "deprecation": None, "decommission": None}}


@pytest.mark.parametrize("runtime, today, status", [
    ("nodejs20", date(2026, 4, 29), "PASS"),    # the day before its deprecation date
    ("nodejs20", date(2026, 4, 30), "FAIL"),    # deprecated from that day, even while the list still says GA
    ("nodejs22", date(2026, 12, 4), "PASS"),
    ("nodejs18", date(2025, 1, 1), "FAIL"),     # the stage says deprecated, whatever the date
    ("python38", date(2026, 12, 4), "FAIL"),
    ("go125", date(2026, 12, 4), "PASS"),       # no date announced
    ("python314", date(2026, 12, 4), "PASS"),
    ("ruby27", date(2026, 12, 4), "ERROR"),     # not in Google's list: cannot be judged
    (None, date(2026, 12, 4), "ERROR"),
])
def test_runtime_support_follows_googles_runtimes_list(runtime, today, status):
    assert runtime_support(runtime, RUNTIMES, today).status.value == status


def test_runtimes_list_answers_are_shaped_with_their_dates():
    from srmscan.providers.gcp.services.cloudfunctions import runtimes_config

    shaped = runtimes_config({"runtimes": [w._runtime("nodejs20", "GA", (2026, 4, 30), None),
                                           {"name": "go125", "environment": "GEN_2"}]})
    assert shaped == {"nodejs20": {"stage": "GA", "deprecation": "2026-04-30", "decommission": None},
                      "go125": {"stage": "RUNTIME_STAGE_UNSPECIFIED", "deprecation": None, "decommission": None}}


@pytest.mark.parametrize("names, flagged", [
    (["DB_PASSWORD", "db_passwd", "STRIPE_API_KEY", "apiKey", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DATABASE_URL"],
     ["DB_PASSWORD", "db_passwd", "STRIPE_API_KEY", "apiKey", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DATABASE_URL"]),
    (["LOG_LEVEL", "REGION", "PORT", "NODE_ENV", "FEATURE_FLAGS"], []),
])
def test_secret_like_variable_names(names, flagged):
    assert secret_like(names) == flagged


def test_absent_optional_fields_are_the_apis_defaults():
    from srmscan.providers.gcp.services.cloudfunctions import function_config
    from srmscan.providers.gcp.services.dataproc import cluster_config
    from srmscan.providers.gcp.services.run import service_config

    bare_service = {"metadata": {"name": "s"}, "spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}
    assert service_config(bare_service) == {"ingress": "all", "service_account": None, "vpc_access": None,
                                            "vpc_egress": None}
    bare_function = {"name": "projects/p/locations/l/functions/f"}
    assert function_config(bare_function)["ingress"] == "ALLOW_ALL"
    assert function_config(bare_function)["environment_names"] == []
    # proto3 JSON leaves a false internalIpOnly out: external addresses
    assert cluster_config(w.dataproc_cluster("p", "c", internal_only=False))["internal_ip_only"] is False
    assert cluster_config({"clusterName": "c"}) == {"kms_key": None, "internal_ip_only": False}


def test_function_environment_values_are_never_stored_only_their_names():
    from srmscan.progress import NoProgress
    from srmscan.providers.gcp import GcpTarget
    from srmscan.providers.gcp.collector import collect_projects

    with gcp_api.GcpApiServer(*demo.foundations(), nodes=demo.NODES) as server:
        snapshot = collect_projects(GcpTarget((demo.PROJECT,), None, 4, services=("cloudfunctions", "run"),
                                              api_endpoint=server.url), NoProgress())
        requests = list(server.requests)
    assert workloads.SECRET_VALUE not in snapshot.dumps()
    hook = next(r for r in snapshot.resources if r.name == "legacy-hook")
    assert hook.config["environment_names"] == ["DB_PASSWORD", "REGION", "STRIPE_API_KEY"]
    # three Cloud Run services over two Knative pages (the `continue` token); four functions of every location
    # over two pages of one listing
    assert sum("/namespaces/acme-analytics/services" in path for _, path in requests) == 2
    assert sum("/locations/-/functions" in path for _, path in requests) == 2
    assert {r.name for r in snapshot.resources if r.type == "gcp.run.service"} == {"public-api", "internal-worker",
                                                                                     "lb-frontend"}


@pytest.mark.parametrize("version, day, status", [
    ("MYSQL_5_6", date(2025, 1, 31), "PASS"), ("MYSQL_5_7", date(2025, 2, 1), "FAIL"),   # extended from 2025-02-01
    ("MYSQL_8_0", date(2026, 6, 30), "PASS"), ("MYSQL_8_0_31", date(2026, 7, 1), "FAIL"),
    ("MYSQL_8_4", date(2026, 12, 4), "PASS"),          # no end announced
    ("MYSQL_9_1", date(2026, 12, 4), "ERROR"),         # not in the table: update srmscan, never assumed supported
    ("POSTGRES_15", date(2026, 12, 4), "PASS"),        # not MySQL: the schedule does not apply
])
def test_cloud_sql_mysql_standard_support_by_googles_dates(version, day, status):
    from srmscan.model import Resource, Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots

    project = Resource("gcp", "gcp.account", "projects/p", "p", "p", "global", config={"read_at": f"{day}T12:00:00+00:00"})
    instance = Resource("gcp", "gcp.sql.instance", "i", "i", "p", "europe-west1", config={"database_version": version})
    snapshot = Snapshot(provider="gcp", resources=[project, instance])
    [found] = evaluate_snapshots([snapshot], Selection(include=("gcp.sql.mysql_standard_support",))).findings
    assert found.status.value == status


def test_sensitive_data_profiles_are_judged_with_the_scanned_exposure(seeded_gcp):
    """DLP profiles (found where the datasets and buckets live), joined with srmscan's own reading of the datasets,
    tables and emulator buckets: every twin gets its verdict; a bucket not scanned is ERROR, never PASS."""
    from srmscan.pipeline import Selection, evaluate_snapshots
    from srmscan.progress import NoProgress
    from srmscan.providers.gcp import GcpTarget
    from srmscan.providers.gcp.collector import collect_projects

    with gcp_api.GcpApiServer(*demo.foundations(), nodes=demo.NODES) as server:
        snapshot = collect_projects(GcpTarget((demo.PROJECT,), None, 4, services=("storage", "bigquery", "dlp"),
                                              api_endpoint=server.url), NoProgress())
        requests = [path for _, path in server.requests]
    assert snapshot.errors == []
    found = {(f.check["id"], f.resource["name"]): f.status.value
             for f in evaluate_snapshots([snapshot], Selection()).findings if f.check["id"].startswith("gcp.dlp.")}
    assert found == {key: workloads.DLP_EXPECTED.get(key, "PASS") for key in found}
    assert set(workloads.DLP_EXPECTED) <= set(found) and len(found) == 9
    # profiles are read only where the data lives: the datasets' EU and the buckets' US
    assert sorted({p.split("/locations/")[1].split("/")[0] for p in requests if "DataProfiles" in p}) == ["eu", "us"]
