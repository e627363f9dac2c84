"""Score srmscan and Prowler on the same Google Cloud twin corpus (fixtures/gcp_demo_project.py: a misconfigured
and a correct resource per concept, firewall priority cases included), by CIS Google Cloud Platform Foundation
Benchmark v5.0.0 recommendation.

    python bench/prowler_gcp_twins.py --prowler /tmp/prowler-venv/bin/prowler

srmscan reads the stand-in (fixtures/gcp_api.py) through `--api-endpoint`. Prowler has no endpoint override (its
clients are built from Google's discovery documents for *.googleapis.com), so it runs behind
bench/tls_redirect_proxy.py: HTTPS_PROXY and a throwaway CA, every googleapis.com request answered from the
same stand-in. Where Prowler reads a shape the stand-in does not serve as such, the proxy derives it from the
stand-in's data (compute regions/zones and per-zone/per-region lists from the aggregated lists; Cloud SQL
v1beta4 paths; Resource Manager v1 projects.list); lists of services the twins do not use answer empty, as
Google does for a project without such resources.

Ground truth: FOUNDATIONS_EXPECTED (FAIL) and PASS for every other resource srmscan judged. For every CIS id that
both tools map a check to, each twin resource counts as right for a tool when its verdict equals the truth
(for Prowler: FAIL if any of its findings under that CIS id on that resource failed, PASS if all passed), and
as unjudged when the tool reported nothing on it. Prints a table and a JSON summary; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "fixtures"))
from tls_redirect_proxy import TlsRedirectProxy  # noqa: E402

CIS = "CIS Google Cloud Platform Foundation Benchmark v5.0.0"
SERVED_HOSTS = {"cloudresourcemanager", "compute", "iam", "logging", "monitoring", "sqladmin", "cloudkms", "dns",
                "apikeys"}
SERVICES = ("iam", "logging", "compute", "sql", "kms", "dns")
JSON = {"Content-Type": "application/json; charset=UTF-8"}


class GoogleFront:
    """Answers Prowler's googleapis.com requests from the GCP stand-in."""

    def __init__(self, standin_url: str, projects, nodes: dict):
        self.base = standin_url
        self.projects = {p.project_id: p for p in projects}
        self.nodes = nodes

    def fetch(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, data=body or None, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def all_items(self, path: str, key: str) -> list:
        items, token = [], ""
        while True:
            status, body = self.fetch("GET", path + (f"?pageToken={token}" if token else ""))
            page = json.loads(body) if status == 200 else {}
            items += [i for scope in page.get(key, {}).values() for i in scope.get(path.rsplit("/", 1)[1], [])] \
                if key == "items" and "/aggregated/" in path else page.get(key, [])
            token = page.get("nextPageToken")
            if not token:
                return items

    def __call__(self, host: str, method: str, path: str, headers: dict, body: bytes):
        service = host.split(".")[0]
        if service not in SERVED_HOSTS:
            return 404, JSON, _error(404, f"{service} is not served by the twin corpus")
        bare = path.split("?")[0]
        derived = self.derived(service, bare)
        if derived is not None:
            return 200, JSON, json.dumps(derived).encode()
        if service == "sqladmin":
            path = path.replace("/sql/v1beta4/", "/v1/", 1)
        status, payload = self.fetch(method, path, body)
        if status == 404 and method == "GET" and not re.search(r":\w+$", bare):
            return 200, JSON, b"{}"   # a list of something the twins do not have: empty, as Google answers
        if service == "dns" and status == 200:
            # Cloud DNS (an older API) keeps the list's key when it is empty; Prowler relies on that
            key = "managedZones" if bare.endswith("/managedZones") else "policies"
            payload = json.dumps({key: [], **json.loads(payload)}).encode()
        return status, JSON, payload

    def derived(self, service: str, path: str):
        if service == "cloudresourcemanager" and path == "/v1/projects":   # v1 writes the parent as type + id
            return {"projects": [{"projectId": p.project_id, "projectNumber": p.number, "name": p.project_id,
                                  "lifecycleState": "ACTIVE",
                                  **({"parent": _v1_parent(p.parent)} if p.parent else {})}
                                 for p in self.projects.values()]}
        if service == "cloudresourcemanager" and path == "/v1/organizations:search":
            return {"organizations": [{"name": n, "organizationId": n.split("/")[1], "displayName": "acme.example",
                                       "lifecycleState": "ACTIVE"} for n in self.nodes if n.startswith("organizations/")]}
        if service != "compute":
            return None
        m = re.fullmatch(r"/compute/v1/projects/([^/]+)/(regions|zones)", path)
        if m:
            scopes = self.scopes(m.group(1), m.group(2))
            return {"items": [{"name": s, "status": "UP"} for s in sorted(scopes)]}
        m = re.fullmatch(r"/compute/v1/projects/([^/]+)/(zones|regions)/([^/]+)/(instances|subnetworks)", path)
        if m:
            project, _, scope, kind = m.groups()
            items = self.all_items(f"/compute/v1/projects/{project}/aggregated/{kind}", "items")
            field = "zone" if kind == "instances" else "region"
            return {"items": [i for i in items if i[field].rsplit("/", 1)[-1] == scope]}
        return None

    def scopes(self, project: str, kind: str) -> set[str]:
        instances = self.all_items(f"/compute/v1/projects/{project}/aggregated/instances", "items")
        subnets = self.all_items(f"/compute/v1/projects/{project}/aggregated/subnetworks", "items")
        zones = {i["zone"].rsplit("/", 1)[-1] for i in instances}
        if kind == "zones":
            return zones or {"europe-west1-b"}
        return {s["region"].rsplit("/", 1)[-1] for s in subnets} | {z.rsplit("-", 1)[0] for z in zones}


def _v1_parent(parent: str) -> dict:
    """folders/111 -> {"type": "folder", "id": "111"} (Resource Manager v1's ResourceId)."""
    kind, number = parent.split("/", 1)
    return {"type": kind[:-1], "id": number}


def _error(code: int, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "status": "NOT_FOUND"}}).encode()


def srmscan_verdicts(server_url: str, projects: list[str]) -> tuple[dict, dict, float]:
    args = [sys.executable, "-m", "srmscan", "scan", "gcp", "--api-endpoint", server_url, "--format", "json"]
    for project in projects:
        args += ["--project", project]
    for service in SERVICES:
        args += ["--service", service]
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "NO_GCE_CHECK": "true"})
    wall = time.perf_counter() - start
    report = json.loads(result.stdout)
    verdicts = {(f["check"]["id"], f["resource"]["name"], f["resource"]["account"]): f["status"]
                for f in report["findings"]}
    cis = {f["check"]["id"]: [c["id"] for c in f["controls"] if c["framework"] == CIS]
           for f in report["findings"]}
    return verdicts, cis, wall


def prowler_findings(prowler: str, proxy: TlsRedirectProxy, ca: str, projects: list[str], out: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "CLOUDSDK_", "HTTP", "NO_PROXY"))}
    env.update({"HTTPS_PROXY": proxy.url, "https_proxy": proxy.url, "HTTPLIB2_CA_CERTS": ca,
                "REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca, "CLOUDSDK_AUTH_ACCESS_TOKEN": "twin-corpus-token",
                "GOOGLE_CLOUD_PROJECT": projects[0], "NO_GCE_CHECK": "true"})
    args = [prowler, "gcp", "--project-id", *projects, "--skip-api-check", "--compliance", "cis_5.0_gcp",
            "-M", "json-ocsf", "-o", str(out), "-F", "prowler", "--no-banner", "-z", "--log-level", "ERROR",
            "--log-file", str(out / "prowler.log")]
    path = out / "prowler.ocsf.json"
    path.unlink(missing_ok=True)   # Prowler appends to an existing report and log
    (out / "prowler.log").unlink(missing_ok=True)
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if not path.exists():
        sys.exit(f"Prowler wrote no findings (exit {result.returncode}): {result.stderr[-2000:]}")
    return json.loads(path.read_text()), wall


def prowler_cis(finding: dict) -> list[str]:
    compliance = finding.get("unmapped", {}).get("compliance", {}) or {}
    return [i for key, ids in compliance.items() if key.upper().startswith("CIS-5.0") for i in ids]


def names_of(finding: dict, aliases: dict[str, str]) -> set[str]:
    """The names a Prowler finding's resource goes by, plus what it stands for in srmscan's terms (a firewall
    rule's verdict is its network's, as srmscan judges networks)."""
    names = set()
    for resource in finding.get("resources", []):
        for value in (resource.get("name"), resource.get("uid")):
            if value:
                names |= {value, value.rsplit("/", 1)[-1]}
                account = re.search(r"serviceAccounts/([^/]+)", value)
                if account:
                    names.add(account.group(1))
    return names | {aliases[n] for n in names if n in aliases}


def tally(resources: list, truth: dict, verdict_of) -> dict[str, int]:
    """Separated: every misconfigured twin failed, no correct twin failed, and a correct twin (when the corpus
    has one for the id) passed."""
    counts = {"caught": 0, "missed": 0, "false_alarms": 0, "passes_confirmed": 0}
    for key in resources:
        verdict = verdict_of(key)
        if truth[key] == "FAIL":
            counts["caught" if verdict == "FAIL" else "missed"] += 1
        elif verdict == "FAIL":
            counts["false_alarms"] += 1
        elif verdict == "PASS":
            counts["passes_confirmed"] += 1
    has_correct_twin = any(truth[key] == "PASS" for key in resources)
    counts["separated"] = int(not counts["missed"] and not counts["false_alarms"] and counts["caught"] > 0
                              and (counts["passes_confirmed"] > 0 or not has_correct_twin))
    return counts


def score(truth: dict, ours: dict, our_cis: dict, theirs: list[dict], aliases: dict[str, str]):
    """Per CIS id: each tool's caught / missed misconfigurations, false alarms on correct twins, correct twins
    confirmed. A correct twin the tool says nothing about (an engine its check does not look at) is neither."""
    by_cis: dict[str, list[tuple[set, str, str, str]]] = defaultdict(list)
    for finding in theirs:
        if finding.get("status_code") in ("PASS", "FAIL"):
            for cis_id in prowler_cis(finding):
                by_cis[cis_id].append((names_of(finding, aliases), finding["status_code"],
                                       finding["metadata"]["event_code"], finding["cloud"]["account"]["uid"]))
    rows, totals, differences = [], defaultdict(int), []
    for cis_id in sorted({i for ids in our_cis.values() for i in ids}, key=_cis_order):
        resources = [key for key in truth if cis_id in our_cis.get(key[0], [])]
        if not any(truth[key] == "FAIL" for key in resources):
            continue

        judged_per_project = any(name == project for _, name, project in resources)

        def prowler_verdict(key):
            """Prowler's findings on this resource; for a project-level srmscan result, all its findings in
            the project; where srmscan judges only items (API keys) and Prowler the project, the project's."""
            _, name, project = key
            found = by_cis.get(cis_id, [])
            statuses = {status for names, status, _, _ in found if name in names}
            if not statuses and name == project:
                statuses = {status for _, status, _, where in found if where == project}
            if not statuses and not judged_per_project:
                statuses = {status for names, status, _, where in found if where == project and project in names}
            return "FAIL" if "FAIL" in statuses else "PASS" if statuses else None

        mine, theirs_ = tally(resources, truth, ours.get), tally(resources, truth, prowler_verdict)
        for key in resources:
            verdict = prowler_verdict(key)
            if (truth[key] == "FAIL" and verdict != "FAIL") or (truth[key] == "PASS" and verdict == "FAIL"):
                differences.append((cis_id, key[1], truth[key], verdict or "nothing"))
        checks = sorted({check for _, _, check, _ in by_cis.get(cis_id, [])})
        rows.append((cis_id, len(resources), sum(truth[k] == "FAIL" for k in resources), mine, theirs_, checks))
        totals["cis_ids"] += 1
        totals["prowler_has_a_check"] += bool(checks)
        for tool, counts in (("srmscan", mine), ("prowler", theirs_)):
            for name, value in counts.items():
                totals[f"{tool}_{name}"] += value
    return rows, dict(totals), differences


def _cis_order(cis_id: str) -> list[int]:
    return [int(part) for part in cis_id.split(".") if part.isdigit()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prowler", required=True, help="path of a prowler executable (a throwaway virtualenv)")
    parser.add_argument("--keep", help="folder to keep Prowler's output and the request log in")
    options = parser.parse_args()

    import gcp_api
    import gcp_demo_project as demo

    projects = demo.foundations()
    names = [p.project_id for p in projects]
    out = Path(options.keep or tempfile.mkdtemp(prefix="prowler-twins-"))
    out.mkdir(parents=True, exist_ok=True)
    with gcp_api.GcpApiServer(*projects, page=500, nodes=demo.NODES) as server:
        ours, our_cis, our_wall = srmscan_verdicts(server.url, names)
        truth = {key: demo.FOUNDATIONS_EXPECTED.get(key[:2], "PASS") for key in ours}
        front = GoogleFront(server.url, projects, demo.NODES)
        with TlsRedirectProxy(front, str(out / "ca.pem")) as proxy:
            theirs, their_wall = prowler_findings(options.prowler, proxy, str(out / "ca.pem"), names, out)
        (out / "requests.json").write_text(json.dumps(
            {"answered": [f"{h} {r} x{n}" for (h, r), n in sorted(proxy.requests.items())],
             "not_served": [f"{h} {r}" for (h, r) in sorted(proxy.unanswered)]}, indent=1))
    aliases = {rule["name"]: rule["network"].rsplit("/", 1)[-1] for p in projects for rule in p.firewalls}
    rows, totals, differences = score(truth, ours, our_cis, theirs, aliases)
    print("caught/missed misconfigured twins, false alarms on correct twins, correct twins confirmed; * = separated")
    print(f"{'CIS':<8} {'twins':>5} {'bad':>3}  {'srmscan':<13} {'prowler':<13} prowler checks")
    for cis_id, count, fails, mine, theirs_, checks in rows:
        def cell(c):
            return f"{c['caught']}/{c['missed']} {c['false_alarms']} {c['passes_confirmed']}{'*' if c['separated'] else ''}"
        print(f"{cis_id:<8} {count:>5} {fails:>3}  {cell(mine):<13} {cell(theirs_):<13} {', '.join(checks) or '-'}")
    print("\nwhere Prowler's verdict differs from the twins' (CIS, resource, truth, Prowler):")
    for cis_id, name, expected, got in differences:
        print(f"  {cis_id:<7} {name:<32} {expected:<4} {got}")
    print(json.dumps({**totals, "srmscan_wall_s": round(our_wall, 2), "prowler_wall_s": round(their_wall, 2),
                      "prowler_findings": len(theirs), "proxy_requests": sum(proxy.requests.values()),
                      "output": str(out)}, indent=1))


if __name__ == "__main__":
    main()
