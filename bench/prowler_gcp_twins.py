"""Score srmscan and Prowler on the same Google Cloud twin corpus (fixtures/gcp_demo_project.py: a misconfigured
and a correct resource per concept, firewall priority cases included), by CIS Google Cloud Platform Foundation
Benchmark v5.0.0 recommendation.

    python bench/prowler_gcp_twins.py --prowler /tmp/prowler-venv/bin/prowler

srmscan reads the stand-in (fixtures/gcp_api.py) through `--api-endpoint`. Prowler has no endpoint override (its
clients are built from Google's discovery documents for *.googleapis.com), so it runs behind
bench/tls_redirect_proxy.py: HTTPS_PROXY and a throwaway CA, every googleapis.com request answered from the
same stand-in. Where Prowler reads a shape the stand-in does not serve as such, the proxy derives it from the
stand-in's data (compute regions/zones and per-zone/per-region lists, backend services included, from the
aggregated lists, and a URL map in front of each HTTP(S) backend service; Service Usage's list of enabled services;
Resource Manager v1 projects.list); lists of services the twins do not use answer empty, as
Google does for a project without such resources.

Ground truth: FOUNDATIONS_EXPECTED (FAIL) and PASS for every other resource srmscan judged; scored per CIS id as
bench/twin_scoring.py says (a firewall rule's verdict counts for its network, as srmscan judges networks). The
Prowler virtualenv needs `pysocks` (httplib2 uses a proxy only with it). Prints a table and a JSON summary;
asserts nothing.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "fixtures"))
import gcp_api  # noqa: E402
import twin_scoring as scoring  # noqa: E402
from tls_redirect_proxy import TlsRedirectProxy  # noqa: E402

CIS = "CIS Google Cloud Platform Foundation Benchmark v5.0.0"
SERVED_HOSTS = {"cloudresourcemanager", "compute", "iam", "logging", "monitoring", "sqladmin", "cloudkms", "dns",
                "apikeys", "serviceusage", "bigquery"}
from srmscan.providers.gcp import FOUNDATION_SERVICES as SERVICES  # noqa: E402
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
        match = re.fullmatch(r"/v1/projects/([^/]+)/services", path)
        if service == "serviceusage" and match and match.group(1) in self.projects:   # services.list, enabled ones
            project = self.projects[match.group(1)]
            return {"services": [{"name": f"projects/{project.number}/services/{name}",
                                  "config": {"name": name, "title": gcp_api.SERVICE_TITLES.get(name, name)},
                                  "state": "ENABLED", "parent": f"projects/{project.number}"}
                                 for name in sorted(project.enabled_services)]}
        if service != "compute":
            return None
        m = re.fullmatch(r"/compute/v1/projects/([^/]+)/(global|regions/([^/]+))/(backendServices|urlMaps)(?:/([^/]+))?",
                         path)
        if m:   # from the aggregated list: global ones have no region
            items = self.all_items(f"/compute/v1/projects/{m.group(1)}/aggregated/backendServices", "items")
            items = [i for i in items if (i.get("region") or "").rsplit("/", 1)[-1] == (m.group(3) or "")]
            if m.group(5) and m.group(4) == "backendServices":   # backendServices.get
                return next((i for i in items if i["name"] == m.group(5)), None)
            if m.group(4) == "urlMaps":   # each HTTP(S) load balancer: a URL map named like its backend service
                items = [{"kind": "compute#urlMap", "id": i["id"], "name": i["name"], "defaultService": i["selfLink"],
                          **({"region": i["region"]} if i.get("region") else {})}
                         for i in items if str(i.get("protocol", "")).startswith("HTTP")]
            return {"items": items}
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


def main() -> None:
    options, out, ca = scoring.command_line(__doc__)

    import gcp_demo_project as demo

    projects = demo.foundations()
    names = [p.project_id for p in projects]
    with gcp_api.GcpApiServer(*projects, page=500, nodes=demo.NODES) as server:
        args = ["gcp", "--api-endpoint", server.url] + [a for p in names for a in ("--project", p)] + \
               [a for s in SERVICES for a in ("--service", s)]
        ours, our_cis, our_wall = scoring.srmscan_verdicts(args, CIS, {"NO_GCE_CHECK": "true"})
        truth = {key: demo.FOUNDATIONS_EXPECTED.get(key[:2], "PASS") for key in ours}
        with TlsRedirectProxy(GoogleFront(server.url, projects, demo.NODES), ca) as proxy:
            env = {**scoring.proxy_env(proxy.url, ca, ("GOOGLE_", "CLOUDSDK_")), "HTTPLIB2_CA_CERTS": ca,
                   "CLOUDSDK_AUTH_ACCESS_TOKEN": "twin-corpus-token", "GOOGLE_CLOUD_PROJECT": names[0],
                   "NO_GCE_CHECK": "true"}
            theirs, their_wall = scoring.prowler_findings(
                options.prowler, ["gcp", "--project-id", *names, "--skip-api-check", "--compliance", "cis_5.0_gcp"],
                env, out)
        scoring.write_request_log(proxy, out)
    # a firewall rule's verdict is its network's, as srmscan judges networks
    aliases = {rule["name"]: {rule["network"].rsplit("/", 1)[-1]} for p in projects for rule in p.firewalls}
    scoring.score_and_report(truth, ours, our_cis, theirs, aliases, "CIS-5.0", our_wall, their_wall, proxy, out)


if __name__ == "__main__":
    main()
