"""Benchmark `srmscan scan azure` on one subscription of about 1,000 resources of the workload types, on the ARM
stand-in (fixtures/azure_api.py) answering concurrently with a latency per request (werkzeug's server: a new
TLS connection per request, for both clients), next to a plain azure-core
floor making the same reads (bench/floor_azure_subscription.py) in the same run.

    python bench/azure_subscription_scan.py                  # 30 ms, 16 workers, 3 alternating runs each

Prints wall time, CPU, peak PSS and requests (medians of --repeat alternating runs) and the ratio; asserts
nothing. Entra is left out (--no-entra): the floor reads what ARM holds.

Also the critical path of each run (bench/critical_path.dataflow_chain, from the stand-in's log of requests and
answers: the longest chain of requests that each send a value an earlier answer revealed, times the latency) and
issue 26's rule, wall <= 1.5 x critical path + 0.5 s:

    python bench/azure_subscription_scan.py --latency-ms 100 --subscriptions 3 --scale 0.05 --show-chain"""

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
sys.path[:0] = [str(HERE), str(HERE.parent / "fixtures")]

import process_tree  # noqa: E402

SUB = "0b0b0000-0000-4000-8000-00000000b0b0"
TENANT = "5b6c7d8e-9f01-4a2b-8c3d-4e5f60718293"
# resources per type: about 1,000 listed items (containers and keys included)
COUNTS = {"accounts": 50, "vaults": 40, "nsgs": 40, "vnets": 25, "sql": 25, "sites": 60, "postgres": 25, "mysql": 25,
          "vms": 100, "scale_sets": 25, "disks": 100, "aks": 25, "registries": 40, "cosmos": 40, "eventhubs": 40,
          "servicebus": 40, "redis": 40, "ai": 40, "gateways": 20, "waf": 20, "frontdoor": 20, "databricks": 20,
          "synapse": 20, "factories": 20, "workspaces": 20}


def subscription_ids(count: int) -> list[str]:
    return [SUB] + [f"0b0b0000-0000-4000-8000-{i:012d}" for i in range(1, count)]


def tenant(count: int = 1, scale: float = 1.0):
    """`count` subscriptions alike (the first is SUB), each of about 1,000 x `scale` resources (one of each type at
    least)."""
    import azure_api as api

    counts = {kind: max(1, round(n * scale)) for kind, n in COUNTS.items()}
    parts = [subscription_resources(sub, counts) for sub in subscription_ids(count)]
    merged = {key: type(value)() for key, value in parts[0].items()}
    for part in parts:
        for key, value in part.items():
            (merged[key].extend if isinstance(value, list) else merged[key].update)(value)
    return api.Tenant(tenant_id=TENANT, graph={}, **merged,
                      subscriptions=[api.subscription(sub, TENANT, f"Bench {i}")
                                     for i, sub in enumerate(subscription_ids(count))])


def subscription_resources(sub_id: str, counts: dict[str, int]) -> dict:
    import azure_api as api
    import azure_workload_payloads as w

    c, rg, loc = counts, "rg-bench", ("westeurope", "northeurope", "eastus")

    def n(kind, i):
        return f"{kind}{i:03d}"

    sub = lambda provider: f"/subscriptions/{sub_id}/providers/{provider}"   # noqa: E731
    accounts = [api.storage_account(sub_id, rg, n("benchsa", i), loc[i % 3]) for i in range(c["accounts"])]
    vaults = [api.vault(sub_id, rg, n("bench-kv-", i), TENANT, loc[i % 3]) for i in range(c["vaults"])]
    vms = [w.virtual_machine(sub_id, rg, n("vm-", i), loc[i % 3]) for i in range(c["vms"])]
    sql = [api.sql_server(sub_id, rg, n("sql-", i), loc[i % 3]) for i in range(c["sql"])]
    arm = {
        sub("Microsoft.Network/virtualNetworks"): [api.virtual_network(sub_id, rg, n("vnet-", i), loc[i % 3], {"a": None})
                                                   for i in range(c["vnets"])],
        sub("Microsoft.Compute/virtualMachines"): vms,
        sub("Microsoft.Network/networkInterfaces"): [w.network_interface(vm, "pip" if i % 4 == 0 else None)
                                                     for i, vm in enumerate(vms)],
        sub("Microsoft.Compute/virtualMachineScaleSets"): [w.scale_set(sub_id, rg, n("vmss-", i)) for i in range(c["scale_sets"])],
        sub("Microsoft.Compute/disks"): [w.disk(sub_id, rg, n("disk-", i)) for i in range(c["disks"])],
        sub("Microsoft.ContainerService/managedClusters"): [w.managed_cluster(sub_id, rg, n("aks-", i), loc[i % 3])
                                                            for i in range(c["aks"])],
        sub("Microsoft.ContainerRegistry/registries"): [w.registry(sub_id, rg, n("benchacr", i)) for i in range(c["registries"])],
        sub("Microsoft.DocumentDB/databaseAccounts"): [w.cosmos_account(sub_id, rg, n("cosmos-", i)) for i in range(c["cosmos"])],
        sub("Microsoft.EventHub/namespaces"): [w.messaging_namespace(sub_id, rg, n("eh-", i), "Microsoft.EventHub")
                                               for i in range(c["eventhubs"])],
        sub("Microsoft.ServiceBus/namespaces"): [w.messaging_namespace(sub_id, rg, n("sb-", i), "Microsoft.ServiceBus")
                                                 for i in range(c["servicebus"])],
        sub("Microsoft.Cache/redis"): [w.redis_cache(sub_id, rg, n("redis-", i)) for i in range(c["redis"])],
        sub("Microsoft.CognitiveServices/accounts"): [w.cognitive_account(sub_id, rg, n("ai-", i)) for i in range(c["ai"])],
        sub("Microsoft.Network/applicationGateways"): [w.application_gateway(sub_id, rg, n("agw-", i))
                                                       for i in range(c["gateways"])],
        sub("Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies"): [
            w.waf_policy(sub_id, rg, n("waf-", i)) for i in range(c["waf"])],
        sub("Microsoft.Cdn/profiles"): [w.front_door_profile(sub_id, rg, n("afd-", i)) for i in range(c["frontdoor"])],
        sub("Microsoft.Databricks/workspaces"): [w.databricks_workspace(sub_id, rg, n("dbx-", i)) for i in range(c["databricks"])],
        sub("Microsoft.Synapse/workspaces"): [w.synapse_workspace(sub_id, rg, n("syn-", i)) for i in range(c["synapse"])],
        sub("Microsoft.DataFactory/factories"): [w.data_factory(sub_id, rg, n("adf-", i)) for i in range(c["factories"])],
        sub("Microsoft.OperationalInsights/workspaces"): [w.log_analytics_workspace(sub_id, rg, n("law-", i))
                                                          for i in range(c["workspaces"])],
    }
    for vault in vaults:   # one key each (its rotation policy is a read of its own)
        arm[f"/keyvault/{vault['name']}/keys"] = [api.vault_key(vault["name"], "cmk", 1893456000)]
    for server in sql:
        arm[server["id"] + "/databases"] = [api.sql_database(server["id"], "app")]
    flexible = [api.flexible_server(sub_id, rg, n("pg-", i), "PostgreSQL") for i in range(c["postgres"])] + \
               [api.flexible_server(sub_id, rg, n("mysql-", i), "MySQL") for i in range(c["mysql"])]
    return dict(
        accounts={sub_id: accounts},
        blob_services={a["id"]: api.blob_service(a["id"], blob_days=7, container_days=7, versioning=True) for a in accounts},
        containers={a["id"]: [api.container(a["id"], "data", "None"), api.container(a["id"], "logs", "None")]
                    for a in accounts},
        security_groups={sub_id: [api.network_security_group(sub_id, rg, n("nsg-", i), [
            ("allow-https", 100, "Allow", "Tcp", "Internet", "443")]) for i in range(c["nsgs"])]},
        vaults={sub_id: vaults}, sql_servers={sub_id: sql},
        sites={sub_id: [api.site(sub_id, rg, n("app-", i)) for i in range(c["sites"])]}, flexible_servers={sub_id: flexible},
        arm=arm, resource_graph=[api.patch_assessment(vm) for vm in vms[::2]])


def run(command: list[str], env: dict) -> dict:
    result = process_tree.measure(command, env, tempfile.gettempdir())
    if result["code"] not in (0, 1, 3):
        sys.exit(f"{command[1]} failed ({result['code']}): {result['stderr'][-2000:]}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-ms", type=float, default=30)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--subscriptions", type=int, default=1, help="subscriptions alike, each ~1,000 resources")
    parser.add_argument("--scale", type=float, default=1.0, help="resources per type x this (1 = about 1,000)")
    parser.add_argument("--page", type=int, default=100,
                        help="items per page (ARM's providers page at 100 to 1,000: 100 is on the small side)")
    parser.add_argument("--show-chain", action="store_true", help="print srmscan's critical path, request by request")
    options = parser.parse_args()
    import logging

    import azure_api as api
    from critical_path import dataflow_chain, rule_bound
    from request_log import RequestLog

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    with api.AzureApiServer(tenant(options.subscriptions, options.scale), latency=options.latency_ms / 1000, threaded=True,
                           page=options.page) as server:
        server.log = RequestLog()
        env = {**os.environ, **server.env(), "PYTHONPATH": str(HERE.parent)}
        out = Path(tempfile.mkdtemp(prefix="srmscan-azure-bench-"))
        scan = [sys.executable, "-m", "srmscan", "scan", "azure", *server.cli_args(), "--no-entra", "--max-workers",
                str(options.workers), "--format", "json", "--output", str(out / "f.json")]
        floor = [sys.executable, str(HERE / "floor_azure_subscription.py"), "--endpoint", server.url,
                 "--workers", str(options.workers)]
        runs = {"srmscan": [], "floor": []}
        for _ in range(options.repeat):
            for name, command in (("floor", floor), ("srmscan", scan)):
                server.requests.clear()
                since = time.monotonic()
                result = run(command, env)
                result["requests"] = len([r for r in server.requests if "oauth2" not in r[1]
                                          and "openid-configuration" not in r[1]])
                trips, result["chain"] = dataflow_chain(server.log.entries, since)
                result["critical"] = trips * options.latency_ms / 1000
                runs[name].append(result)
        report = json.loads((out / "f.json").read_text())
        resources = len({f["resource"]["id"] for f in report["findings"]})
    listed = int(runs["floor"][-1]["stdout"].strip() or 0)
    print(f"\n== {options.subscriptions} subscription(s), {listed} resources listed by the floor, {resources} judged by "
          f"srmscan, {options.latency_ms:.0f} ms per request, {options.workers} workers, median of {options.repeat}")
    print(f"{'':10}{'wall s':>9}{'cpu s':>9}{'PSS MB':>9}{'requests':>10}{'critical':>10}{'1.5x+.5':>9}")
    keys = ("wall", "cpu", "rss_mb", "requests", "critical")
    medians = {name: {k: statistics.median(r[k] for r in results) for k in keys} for name, results in runs.items()}
    for name, m in medians.items():
        bound = rule_bound(m["critical"])
        print(f"{name:10}{m['wall']:9.2f}{m['cpu']:9.2f}{m['rss_mb']:9.1f}{m['requests']:10.0f}{m['critical']:10.2f}"
              f"{bound:9.2f}  {'within' if m['wall'] <= bound else 'OVER'}")
    if options.show_chain:
        print("srmscan's critical path: " + " -> ".join(runs["srmscan"][-1]["chain"]))
    print(f"{'ratio':10}{medians['srmscan']['wall'] / medians['floor']['wall']:9.2f}"
          f"{medians['srmscan']['cpu'] / medians['floor']['cpu']:9.2f}")
    print(json.dumps({"latency_ms": options.latency_ms, "workers": options.workers, "listed": listed,
                      "runs": {name: [{k: round(r[k], 3) for k in keys} for r in results]
                               for name, results in runs.items()}}))


if __name__ == "__main__":
    main()
