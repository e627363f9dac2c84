"""Score srmscan and Prowler on the same Azure twin corpus (fixtures/azure_demo_tenant.py: a misconfigured and a
correct resource or subscription per concept, NSG priority cases included), by CIS Microsoft Azure Foundations
Benchmark v6.0.0 recommendation.

    python bench/prowler_azure_twins.py --prowler /tmp/prowler-venv/bin/prowler

srmscan reads the stand-in (fixtures/azure_api.py) through `--arm-endpoint` / `--graph-endpoint` /
`--authority-host`. Prowler's Azure provider takes its endpoints from a fixed table of clouds, so it runs behind
bench/tls_redirect_proxy.py (HTTPS_PROXY and a throwaway CA): login.microsoftonline.com, management.azure.com,
graph.microsoft.com and *.vault.azure.net are answered from the same stand-in, Prowler authenticating as a
service principal (--sp-env-auth) against its token endpoint. Reads the stand-in does not serve under the path
Prowler uses are derived from the same data (Subscriptions_Get, tenants, locations, Graph domains, SQL servers'
Entra administrators); lists of things the twins do not have answer empty, as ARM does.

Ground truth: EXPECTED (FAIL; ERROR results are left out) and PASS for every other resource srmscan judged;
scored per CIS id as bench/twin_scoring.py says. Microsoft 365 benchmark ids are not scored (Prowler judges them
with its separate m365 provider). Prints a table and a JSON summary; asserts nothing.
"""

from __future__ import annotations

import json
import re
import ssl
import sys
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "fixtures"))
import twin_scoring as scoring  # noqa: E402
from tls_redirect_proxy import TlsRedirectProxy  # noqa: E402

CIS = "CIS Microsoft Azure Foundations Benchmark v6.0.0"
JSON = {"Content-Type": "application/json; charset=utf-8"}
CLIENT_ID = "00000000-1111-2222-3333-444444444444"


class AzureFront:
    """Answers Prowler's requests to Microsoft's hosts from the Azure stand-in."""

    def __init__(self, server, tenant):
        self.server = server
        self.tenant = tenant
        self.context = ssl.create_default_context(cafile=server.ca_file)

    def fetch(self, method: str, path: str, headers: dict, body: bytes) -> tuple[int, bytes]:
        kept = {k: v for k, v in headers.items() if k.lower() in ("content-type", "authorization", "accept")}
        request = urllib.request.Request(self.server.url + path, data=body or None, method=method, headers=kept)
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def __call__(self, host: str, method: str, path: str, headers: dict, body: bytes):
        path = re.sub(r"/{2,}", "/", path)
        bare = path.split("?")[0]
        if host.endswith(".vault.azure.net"):
            path = f"/keyvault/{host.split('.')[0]}{path}"
        elif host not in ("login.microsoftonline.com", "management.azure.com", "graph.microsoft.com"):
            return 404, JSON, json.dumps({"error": {"code": "NotServed", "message": host}}).encode()
        derived = self.derived(host, bare)
        if derived is not None:
            return 200, JSON, json.dumps(derived).encode()
        status, payload = self.fetch(method, path, headers, body)
        if status == 404 and method == "GET" and host != "login.microsoftonline.com" and _is_collection(bare):
            payload, status = b'{"value": []}', 200   # a list of something the twins do not have
        text = payload.decode()
        text = re.sub(re.escape(self.server.url) + r"/keyvault/([^/]+)/", r"https://\1.vault.azure.net/", text)
        text = text.replace(self.server.url, f"https://{host}")
        return status, JSON, text.encode()

    def derived(self, host: str, path: str):
        subscriptions = {s["subscriptionId"]: s for s in self.tenant.subscriptions}
        if host == "graph.microsoft.com" and path == "/v1.0/domains":
            return {"value": [{"id": "acme.example", "isDefault": True, "isVerified": True,
                               "authenticationType": "Managed"}]}
        if host != "management.azure.com":
            return None
        if path == "/tenants":
            return {"value": [{"id": f"/tenants/{self.tenant.tenant_id}", "tenantId": self.tenant.tenant_id,
                               "tenantCategory": "Home", "displayName": "Acme", "defaultDomain": "acme.example"}]}
        match = re.fullmatch(r"/subscriptions/([^/]+)", path)
        if match and match.group(1) in subscriptions:
            return subscriptions[match.group(1)]
        match = re.fullmatch(r"(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Storage/"
                             r"storageAccounts/[^/]+)/fileServices/default", path)
        if match:   # FileServiceProperties as a new account has them (share soft delete on, 7 days)
            return {"id": f"{match.group(1)}/fileServices/default", "name": "default",
                    "type": "Microsoft.Storage/storageAccounts/fileServices",
                    "properties": {"cors": {"corsRules": []}, "protocolSettings": {"smb": {}},
                                   "shareDeleteRetentionPolicy": {"enabled": True, "days": 7}}}
        match = re.fullmatch(r"/subscriptions/([^/]+)/locations", path)
        if match:
            return {"value": [{"id": f"/subscriptions/{match.group(1)}/locations/{name}", "name": name,
                               "displayName": name, "regionalDisplayName": name, "type": "Region"}
                              for name in ("westeurope", "northeurope", "eastus")]}
        match = re.fullmatch(r"(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.KeyVault/vaults/([^/]+))"
                             r"/(keys|secrets)", path)
        if match:   # Keys_List / Secrets_List of the management plane: the data plane's attributes, no value
            vault_id, vault, kind = match.groups()
            location = next((v["location"] for vaults in self.tenant.vaults.values() for v in vaults
                             if v["id"] == vault_id), "westeurope")
            return {"value": [_management_item(vault_id, location, kind, item)
                              for item in self.tenant.arm.get(f"/keyvault/{vault}/{kind}", [])]}
        match = re.fullmatch(r"(/subscriptions/([^/]+)/resourceGroups/[^/]+/providers/Microsoft\.Sql/servers/[^/]+)"
                             r"/administrators", path)
        if match:   # ServerAzureADAdministrators_ListByServer, from the server's own `administrators`
            server = next((s for s in self.tenant.sql_servers.get(match.group(2), []) if s["id"] == match.group(1)), {})
            admin = server.get("properties", {}).get("administrators")
            return {"value": [{"id": f"{match.group(1)}/administrators/ActiveDirectory", "name": "ActiveDirectory",
                               "type": "Microsoft.Sql/servers/administrators",
                               "properties": {"administratorType": "ActiveDirectory", "login": admin["login"],
                                              "sid": admin["sid"], "tenantId": admin["tenantId"],
                                              "azureADOnlyAuthentication": admin["azureADOnlyAuthentication"]}}]
                    if admin else []}
        return None


def _management_item(vault_id: str, location: str, kind: str, item: dict) -> dict:
    uri = item.get("kid") or item["id"]
    name = uri.rstrip("/").rsplit("/", 1)[-1]
    uri_key = "keyUri" if kind == "keys" else "secretUri"
    return {"id": f"{vault_id}/{kind}/{name}", "name": name, "type": f"Microsoft.KeyVault/vaults/{kind}",
            "location": location, "tags": {}, "properties": {"attributes": item["attributes"], uri_key: uri}}


def _is_collection(path: str) -> bool:
    """An ARM path naming a collection (type/name pairs after the provider namespace, then a type) rather than
    one entity; Graph paths count as collections."""
    if "/providers/" not in path:
        return path.startswith("/v1.0/") or path.startswith("/beta/")
    segments = path.rsplit("/providers/", 1)[1].split("/")[1:]
    return len(segments) % 2 == 1


def main() -> None:
    options, out, ca = scoring.command_line(__doc__)

    import azure_api
    import azure_demo_tenant as demo

    tenant = demo.tenant()
    subscriptions = [s["subscriptionId"] for s in tenant.subscriptions]
    with azure_api.AzureApiServer(tenant) as server:
        ours, our_cis, our_wall = scoring.srmscan_verdicts(["azure", *server.cli_args()], CIS, server.env())
        truth = {key: demo.EXPECTED.get(key[:2], "PASS") for key in ours}
        truth = {key: status for key, status in truth.items() if status in ("PASS", "FAIL")}
        with TlsRedirectProxy(AzureFront(server, tenant), ca) as proxy:
            env = {**scoring.proxy_env(proxy.url, ca, ("AZURE_",)), "AZURE_CLIENT_ID": CLIENT_ID,
                   "AZURE_CLIENT_SECRET": "twin-corpus-secret", "AZURE_TENANT_ID": tenant.tenant_id}
            theirs, their_wall = scoring.prowler_findings(
                options.prowler, ["azure", "--sp-env-auth", "--subscription-ids", *subscriptions,
                                  "--compliance", "cis_6.0_azure"], env, out)
        scoring.write_request_log(proxy, out)
    # a key's or secret's verdict counts for its vault, a network watcher's for what its flow logs capture, a
    # subnet's for its network, as srmscan judges vaults, network security groups and virtual networks
    aliases = {f"{vault['id']}/{kind}/{name}": {vault["name"]} for vaults in tenant.vaults.values() for vault in vaults
               for kind in ("keys", "secrets")
               for name in [(i.get("kid") or i["id"]).rsplit("/", 1)[-1]
                            for i in tenant.arm.get(f"/keyvault/{vault['name']}/{kind}", [])]}
    for path, found in tenant.arm.items():
        if path.endswith("/virtualNetworks"):   # a subnet's verdict (7.11) counts for its network
            aliases.update({f"{vnet['name']}/{subnet['name']}": {vnet["name"]} for vnet in found
                            for subnet in vnet["properties"]["subnets"]})
    for path, logs in tenant.arm.items():
        if path.endswith("/flowLogs"):
            aliases[path.rsplit("/", 2)[-2]] = {log["properties"]["targetResourceId"].rsplit("/", 1)[-1] for log in logs}
    scoring.score_and_report(truth, ours, our_cis, theirs, aliases, "CIS-6.0", our_wall, their_wall, proxy, out)


if __name__ == "__main__":
    main()
