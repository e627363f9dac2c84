"""Benchmark `srmscan scan gcp` (foundations: IAM, logging, Compute, Cloud SQL, KMS, DNS, and the workloads of
issue 23: GKE, Pub/Sub, Secret Manager, Cloud Run, functions, Artifact Registry, Dataproc ...) against a floor: a
plain `requests` script making the same reads with the same pool, both against fixtures/gcp_api.py serving
one large project with a round-trip latency.

    python bench/gcp_foundations_scan.py --instances 2000 --accounts 300 --keys 200 --latency 0.03

Pages hold what the real APIs return at most (500 items; 100 for KMS and IAM keys lists are unpaged).
Prints wall time, CPU time and peak memory (PSS, reported as rss_mb) of each command (bench/process_tree.py), requests made and
their ratio, as medians of --repeat alternate runs. Prints; asserts nothing.

Also the critical path of each run (bench/critical_path.dataflow_chain, from the stand-in's log of requests and
answers: the longest chain of requests that each send a value an earlier answer revealed, or a further page, times
the latency) and issue 26's rule, wall <= 1.5 x critical path + 0.5 s, e.g. several small projects at 100 ms:

    python bench/gcp_foundations_scan.py --projects 3 --instances 20 --accounts 5 --keys 5 --latency 0.1 \\
        --workers 64 --whole-scan --show-chain
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "fixtures"))
import process_tree  # noqa: E402

PROJECT = "bench-project"
from srmscan.providers.gcp import FOUNDATION_SERVICES as SERVICES  # noqa: E402


def build(instances: int, accounts: int, keys: int, project: str = PROJECT, number: str = "123456789012"):
    import gcp_api as api
    import gcp_workload_api as w

    p = project
    networks = [api.network(p, f"net-{i}") for i in range(max(1, instances // 100))]
    return api.Project(
        p, number=number,
        iam_policy={"version": 3, "bindings": [{"role": "roles/viewer", "members": [f"user:u{i}@x.example"
                                                                                      for i in range(200)]}]},
        networks=networks,
        firewalls=[api.firewall(p, n["name"], f"{n['name']}-fw-{j}", allowed=[("tcp", [str(1000 + j)])])
                   for n in networks for j in range(5)],
        subnetworks=[api.subnetwork(p, n["name"], f"{n['name']}-sub", flow_logs=True) for n in networks],
        instances=[api.instance(p, f"vm-{i}", f"europe-west1-{'bcd'[i % 3]}",
                                service_account=f"app@{p}.iam.gserviceaccount.com") for i in range(instances)],
        service_accounts=[api.service_account(p, f"sa-{i}") for i in range(accounts)],
        keys={f"sa-{i}@{p}.iam.gserviceaccount.com": [api.key(p, f"sa-{i}@{p}.iam.gserviceaccount.com", "k1",
                                                             "2026-01-01T00:00:00Z")] for i in range(accounts)},
        sql_instances=[api.sql_instance(p, f"db-{i}", "POSTGRES_15") for i in range(50)],
        crypto_keys=[api.crypto_key(p, "europe-west1", f"ring-{i // 50}", f"key-{i}") for i in range(keys)],
        zones=[api.dns_zone(f"zone-{i}", f"z{i}.example.") for i in range(50)],
        # workloads (issue 23): serverless services and functions, registries, Dataproc, subscriptions
        run_services=[w.run_service(p, "1", f"svc-{i}", w.REGIONS[i % 3]) for i in range(50)],
        functions=[w.function(p, f"fn-{i}", w.REGIONS[i % 3], runtime="python312") for i in range(50)],
        repositories=[w.repository(p, f"repo-{i}", w.REGIONS[i % 2]) for i in range(10)],
        dataproc_clusters=[w.dataproc_cluster(p, f"dp-{i}", w.REGIONS[i % 2]) for i in range(10)],
        subscriptions=[w.subscription(p, f"sub-{i}", "t") for i in range(50)],
    )


FLOOR = r'''
import sys, json, requests
from concurrent.futures import ThreadPoolExecutor
base, projects, workers = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
session = requests.Session()
adapter = requests.adapters.HTTPAdapter(pool_connections=workers, pool_maxsize=workers)
session.mount("http://", adapter)

def pages(path, key, size="pageSize", token_param="pageToken"):
    items, token = [], None
    while True:
        params = {size: 500, **({token_param: token} if token else {})}
        page = session.get(base + path, params=params).json()
        found = page.get(key) or []
        if key == "items" and isinstance(found, dict):
            found = [i for scope in found.values() for lst in scope.values() if isinstance(lst, list) for i in lst]
        items += found
        token = page.get("nextPageToken") or (page.get("metadata") or {}).get("continue")
        if not token:
            return items

def iam_of(names):
    return [pool.submit(session.get, base + f"/v1/{name}:getIamPolicy") for name in names]

def scan(project):
    """One project's reads, on the shared pool: (service accounts, keys, reads)."""
    p = f"/projects/{project}"
    jobs = [pool.submit(session.post, base + f"/v1{p}:getIamPolicy", json={"options": {"requestedPolicyVersion": 3}}),
            pool.submit(pages, f"/v2{p}/sinks", "sinks"), pool.submit(pages, f"/v2{p}/locations/-/buckets", "buckets"),
            pool.submit(pages, f"/v2{p}/metrics", "metrics"), pool.submit(pages, f"/v3{p}/alertPolicies", "alertPolicies"),
            pool.submit(session.get, base + f"/compute/v1{p}"),
            pool.submit(pages, f"/compute/v1{p}/global/networks", "items", "maxResults"),
            pool.submit(pages, f"/compute/v1{p}/global/firewalls", "items", "maxResults"),
            pool.submit(pages, f"/compute/v1{p}/aggregated/subnetworks", "items", "maxResults"),
            pool.submit(pages, f"/compute/v1{p}/aggregated/instances", "items", "maxResults"),
            pool.submit(pages, f"/compute/v1{p}/aggregated/backendServices", "items", "maxResults"),
            pool.submit(session.get, base + f"/v1{p}/services/cloudasset.googleapis.com"),
            pool.submit(pages, f"/v1{p}/instances", "items", "maxResults"),
            pool.submit(pages, f"/dns/v1{p}/managedZones", "managedZones", "maxResults"),
            pool.submit(pages, f"/dns/v1{p}/policies", "policies", "maxResults"),
            pool.submit(pages, f"/v2{p}/locations/global/keys", "keys"),
            pool.submit(session.get, base + f"/v3{p}"),
            pool.submit(session.get, base + f"/v1{p}/locations/-/clusters"),
            pool.submit(pages, f"/v1{p}/contacts:compute", "contacts")]
    jobs += [pool.submit(session.get, base + f"/v2{p}/policies/{constraint}:getEffectivePolicy") for constraint in (
        "iam.allowedPolicyMemberDomains", "iam.disableServiceAccountKeyCreation", "storage.publicAccessPrevention",
        "storage.uniformBucketLevelAccess", "compute.requireOsLogin", "compute.vmExternalIpAccess",
        "compute.skipDefaultNetworkCreation", "sql.restrictPublicIp")]
    jobs += [pool.submit(pages, f"/v1/{wif['name']}/providers", "workloadIdentityPoolProviders")
             for wif in pages(f"/v1{p}/locations/global/workloadIdentityPools", "workloadIdentityPools")]
    for listing, key in ((f"/v1{p}/topics", "topics"), (f"/v1{p}/secrets", "secrets")):
        jobs += [pool.submit(session.get, base + f"/v1/{item['name']}:getIamPolicy") for item in pages(listing, key)]
    datasets = pages(f"/bigquery/v2{p}/datasets", "datasets", "maxResults")
    jobs += [pool.submit(session.get, base + f"/bigquery/v2{p}/datasets/{d['datasetReference']['datasetId']}")
             for d in datasets]
    tables = [t for d in datasets for t in pages(f"/bigquery/v2{p}/datasets/{d['datasetReference']['datasetId']}/tables",
                                                 "tables", "maxResults")]
    jobs += [pool.submit(session.get, base + f"/bigquery/v2{p}/datasets/{t['tableReference']['datasetId']}/tables/"
                                             f"{t['tableReference']['tableId']}") for t in tables]
    accounts = pages(f"/v1{p}/serviceAccounts", "accounts")
    key_jobs = [pool.submit(session.get, base + f"/v1/{a['name']}/keys", params={"keyTypes": "USER_MANAGED"})
                for a in accounts]
    rings = [r for loc in pages(f"/v1{p}/locations", "locations")
             for r in pages(f"/v1/{loc['name']}/keyRings", "keyRings")]
    keys = [k for r in rings for k in pages(f"/v1/{r['name']}/cryptoKeys", "cryptoKeys")]
    iam_jobs = [pool.submit(session.get, base + f"/v1/{k['name']}:getIamPolicy") for k in keys]
    # workloads: Cloud Run (one Knative listing), functions (locations -, their IAM and runtimes), Artifact
    # Registry (locations, repositories, IAM), Dataproc (Compute regions, clusters per region), subscriptions (IAM)
    services = pages(f"/apis/serving.knative.dev/v1/namespaces/{project}/services", "items", "limit", "continue")
    jobs += iam_of(f"projects/{project}/locations/{s['metadata']['labels']['cloud.googleapis.com/location']}/services/"
                   f"{s['metadata']['name']}" for s in services)
    functions = pages(f"/v2{p}/locations/-/functions", "functions")
    jobs += [pool.submit(session.get, base + f"/v2/{f['name']}:getIamPolicy") for f in functions]
    jobs += [pool.submit(session.get, base + f"/v2/{f['name'].split('/functions/')[0]}/runtimes") for f in functions]
    jobs += iam_of(r["name"] for loc in pages(f"/v1{p}/locations", "locations")
                   for r in pages(f"/v1/{loc['name']}/repositories", "repositories"))
    jobs += [pool.submit(pages, f"/v1{p}/regions/{r['name']}/clusters", "clusters")
             for r in pages(f"/compute/v1{p}/regions", "items", "maxResults")]
    jobs += iam_of(s["name"] for s in pages(f"/v1{p}/subscriptions", "subscriptions"))
    results = [j.result() for j in jobs + key_jobs + iam_jobs]
    return len(accounts), len(keys), len(results)


with ThreadPoolExecutor(workers) as pool, ThreadPoolExecutor(len(projects)) as per_project:
    done = list(per_project.map(scan, projects))
print(json.dumps({"service_accounts": sum(d[0] for d in done), "keys": sum(d[1] for d in done), "reads": sum(d[2] for d in done)}))
'''


def project_ids(count: int) -> list[str]:
    return [PROJECT] + [f"{PROJECT}-{i}" for i in range(2, count + 1)]


def main() -> None:
    import gcp_api
    from critical_path import dataflow_chain, rule_bound
    from request_log import RequestLog

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--projects", type=int, default=1, help="projects alike, read at once")
    parser.add_argument("--latency", type=float, default=0.03)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--whole-scan", action="store_true",
                        help="time `srmscan scan gcp` (collection, evaluation, report) instead of `srmscan collect gcp`")
    parser.add_argument("--show-chain", action="store_true", help="print srmscan's critical path, request by request")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "STORAGE_EMULATOR"))}
    projects = project_ids(args.projects)
    built = [build(args.instances, args.accounts, args.keys, project, f"{123456789012 + i}")
             for i, project in enumerate(projects)]
    out = Path(tempfile.gettempdir(), "gcp-bench.json")
    with gcp_api.GcpApiServer(*built, page=500, latency=args.latency) as server:
        server.log = RequestLog()
        scan = [sys.executable, "-m", "srmscan", *(("scan", "gcp") if args.whole_scan else ("collect", "gcp")),
                *[arg for project in projects for arg in ("--project", project)], "--api-endpoint", server.url,
                "--max-workers", str(args.workers), *(("--format", "json") if args.whole_scan else ()),
                "--output", str(out)]
        for service in SERVICES:
            scan += ["--service", service]
        floor = [sys.executable, "-c", FLOOR, server.url, ",".join(projects), str(args.workers)]
        runs = {"srmscan": [], "floor": []}
        requests = {}
        for _ in range(args.repeat):
            for name, command in (("srmscan", scan), ("floor", floor)):
                before, since = len(server.requests), time.monotonic()
                result = process_tree.measure(command, env, tempfile.gettempdir())
                if result["code"] not in (0, 1, 3):
                    sys.exit(f"{name} failed ({result['code']}): {result['stderr'][-2000:]}")
                requests[name] = len(server.requests) - before
                trips, result["chain"] = dataflow_chain(server.log.entries, since)
                result["critical"] = trips * args.latency
                runs[name].append(result)
    summary = {name: {key: round(statistics.median(r[key] for r in results), 3)
                      for key in ("wall", "cpu", "rss_mb", "critical")} | {"requests": requests[name]}
               for name, results in runs.items()}
    for figures in summary.values():
        figures["rule_s"] = round(rule_bound(figures["critical"]), 3)
        figures["within_rule"] = figures["wall"] <= figures["rule_s"]
    report = json.loads(out.read_text())
    resources = report["resources"] if "resources" in report else {f["resource"]["id"] for f in report["findings"]}
    print(json.dumps({"projects": len(projects), "instances": args.instances, "service_accounts": args.accounts,
                      "kms_keys": args.keys, "latency_s": args.latency, "command": scan[3],
                      "resources": len(resources), **summary,
                      "wall_ratio": round(summary["srmscan"]["wall"] / summary["floor"]["wall"], 2)}, indent=1))
    if args.show_chain:
        print("srmscan's critical path: " + " -> ".join(runs["srmscan"][-1]["chain"]))


if __name__ == "__main__":
    main()
