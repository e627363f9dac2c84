"""The plain azure-core floor for bench/azure_subscription_scan.py: the reads `srmscan scan azure --no-entra`
makes of every subscription, written out by hand with azure-identity and azure-core only (no srmscan code), on
one thread pool as wide as srmscan's, each item's reads submitted as soon as its listing page arrives.

    python bench/floor_azure_subscription.py --endpoint https://localhost:PORT --workers 16

Credentials and the CA come from the environment (AZURE_CLIENT_ID / AZURE_CLIENT_SECRET / AZURE_TENANT_ID /
AZURE_AUTHORITY_HOST / REQUESTS_CA_BUNDLE). Prints the number of resources listed; judges nothing."""

from __future__ import annotations

import argparse
import os
import threading
from concurrent.futures import ThreadPoolExecutor

ARM_SCOPE, VAULT_SCOPE = "https://management.azure.com/.default", "https://vault.azure.net/.default"
INSIGHTS = "/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview"
SCOPE_READS = (   # a subscription's own settings
    "/providers/Microsoft.Network/bastionHosts?api-version=2024-05-01",
    "/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()&api-version=2022-04-01",
    "/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview",
    "/providers/Microsoft.Insights/activityLogAlerts?api-version=2020-10-01",
    "/providers/Microsoft.Insights/components?api-version=2020-02-02",
    "/providers/Microsoft.Security/pricings?api-version=2024-01-01",
    "/providers/Microsoft.Security/securityContacts?api-version=2023-12-01-preview",
    "/providers/Microsoft.Network/networkInterfaces?api-version=2024-05-01")
# listing (below /subscriptions/{id}/providers/) -> reads appended to each item's id
LISTINGS = {
    "Microsoft.Storage/storageAccounts?api-version=2024-01-01": (
        "/blobServices/default?api-version=2024-01-01", "/fileServices/default?api-version=2024-01-01",
        "/blobServices/default/containers?api-version=2024-01-01"),
    "Microsoft.Network/networkSecurityGroups?api-version=2024-05-01": (),
    "Microsoft.Network/virtualNetworks?api-version=2024-05-01": (),
    "Microsoft.Network/networkWatchers?api-version=2024-05-01": ("/flowLogs?api-version=2024-05-01",),
    "Microsoft.KeyVault/vaults?api-version=2023-07-01": (INSIGHTS,),
    "Microsoft.Sql/servers?api-version=2023-08-01": ("/firewallRules?api-version=2023-08-01",
                                                    "/auditingSettings/default?api-version=2023-08-01"),
    "Microsoft.Web/sites?api-version=2023-12-01": ("/config/web?api-version=2023-12-01",),
    "Microsoft.Authorization/roleDefinitions?$filter=type%20eq%20'CustomRole'&api-version=2022-04-01": (),
    "Microsoft.DBforPostgreSQL/flexibleServers?api-version=2022-12-01": (
        "/configurations/require_secure_transport?api-version=2022-12-01",),
    "Microsoft.DBforMySQL/flexibleServers?api-version=2023-12-30": (
        "/configurations/require_secure_transport?api-version=2023-12-30",
        "/configurations/tls_version?api-version=2023-12-30"),
    "Microsoft.Compute/virtualMachines?api-version=2024-07-01": ("/extensions?api-version=2024-07-01",),
    "Microsoft.Compute/virtualMachineScaleSets?api-version=2024-07-01": (),
    "Microsoft.Compute/disks?api-version=2024-03-02": (),
    "Microsoft.ContainerService/managedClusters?api-version=2024-09-01": (),
    "Microsoft.ContainerRegistry/registries?api-version=2023-07-01": (),
    "Microsoft.DocumentDB/databaseAccounts?api-version=2024-11-15": (),
    "Microsoft.EventHub/namespaces?api-version=2024-01-01": ("/networkRuleSets/default?api-version=2024-01-01",),
    "Microsoft.ServiceBus/namespaces?api-version=2021-11-01": ("/networkRuleSets/default?api-version=2021-11-01",),
    "Microsoft.Cache/redis?api-version=2024-03-01": (),
    "Microsoft.CognitiveServices/accounts?api-version=2024-10-01": (),
    "Microsoft.Network/applicationGateways?api-version=2024-05-01": (),
    "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies?api-version=2024-05-01": (),
    "Microsoft.Cdn/profiles?api-version=2024-02-01": ("/securityPolicies?api-version=2024-02-01",),
    "Microsoft.Databricks/workspaces?api-version=2024-05-01": (INSIGHTS,),
    "Microsoft.Synapse/workspaces?api-version=2021-06-01": (),
    "Microsoft.DataFactory/factories?api-version=2018-06-01": ("/managedVirtualNetworks?api-version=2018-06-01",),
    "Microsoft.OperationalInsights/workspaces?api-version=2023-09-01": (),
}
PATCHES = ("patchassessmentresources | where type =~ 'microsoft.compute/virtualmachines/patchassessmentresults' "
           "| project id, properties")


class Floor:
    def __init__(self, endpoint: str, workers: int):
        from azure.core import PipelineClient
        from azure.core.pipeline.policies import BearerTokenCredentialPolicy, RetryPolicy
        from azure.identity import ClientSecretCredential

        credential = ClientSecretCredential(os.environ["AZURE_TENANT_ID"], os.environ["AZURE_CLIENT_ID"],
                                            os.environ["AZURE_CLIENT_SECRET"],
                                            authority=os.environ["AZURE_AUTHORITY_HOST"], disable_instance_discovery=True)
        self.endpoint = endpoint
        self.arm, self.vault = (PipelineClient(endpoint, policies=[RetryPolicy(), BearerTokenCredentialPolicy(
            credential, scope)]) for scope in (ARM_SCOPE, VAULT_SCOPE))
        self.pool = ThreadPoolExecutor(workers)
        self.pending, self.done, self.lock = 0, threading.Condition(), threading.Lock()
        self.listed = 0
        self.seen: set[str] = set()

    def submit(self, work, *args) -> None:
        with self.done:
            self.pending += 1

        def run():
            try:
                work(*args)
            finally:
                with self.done:
                    self.pending -= 1
                    self.done.notify_all()
        self.pool.submit(run)

    def get(self, client, url: str) -> dict:
        from azure.core.rest import HttpRequest

        response = client.send_request(HttpRequest("GET", url if url.startswith("http") else self.endpoint + url))
        return response.json() if response.status_code < 400 else {}

    def pages(self, client, url: str, key: str = "nextLink"):
        while url:
            page = self.get(client, url)
            yield page.get("value") or []
            url = page.get(key)

    def once(self, url: str) -> None:
        with self.lock:
            if url in self.seen:
                return
            self.seen.add(url)
        for _ in self.pages(self.arm, url):
            pass

    def listing(self, subscription: str, listing: str, reads: tuple[str, ...]) -> None:
        for items in self.pages(self.arm, f"/subscriptions/{subscription}/providers/{listing}"):
            with self.lock:
                self.listed += len(items)
            for item in items:
                for read in reads:
                    self.submit(self.child, item, read)
                self.extra(subscription, listing, item)

    def child(self, item: dict, read: str) -> None:
        for children in self.pages(self.arm, item["id"] + read):
            with self.lock:
                self.listed += len(children) if read.startswith("/blobServices/default/containers") else 0
            if read.startswith("/databases"):
                for database in children:
                    self.submit(self.get, self.arm, database["id"] + "/transparentDataEncryption/current?api-version=2023-08-01")

    def extra(self, subscription: str, listing: str, item: dict) -> None:
        """The reads that are not below the item's id: a vault's data plane, an AKS region's versions, a SQL
        server's databases."""
        if listing.startswith("Microsoft.KeyVault/"):
            base = item["properties"]["vaultUri"].rstrip("/")
            for kind in ("secrets", "certificates"):
                self.submit(lambda url: list(self.pages(self.vault, url)), f"{base}/{kind}?api-version=7.4")
            self.submit(self.keys, base)
        elif listing.startswith("Microsoft.ContainerService/"):
            self.submit(self.once, f"/subscriptions/{subscription}/providers/Microsoft.ContainerService/locations/"
                                   f"{item['location']}/kubernetesVersions?api-version=2024-09-01")
        elif listing.startswith("Microsoft.Sql/"):
            self.submit(self.child, item, "/databases?api-version=2023-08-01")

    def keys(self, base: str) -> None:
        for keys in self.pages(self.vault, f"{base}/keys?api-version=7.4"):
            for key in keys:
                self.submit(self.get, self.vault, key["kid"] + "/rotationpolicy?api-version=7.4")

    def resource_graph(self, subscription: str) -> None:
        from azure.core.rest import HttpRequest

        options: dict = {"resultFormat": "objectArray", "$top": 1000}
        while True:
            body = {"subscriptions": [subscription], "query": PATCHES, "options": options}
            page = self.arm.send_request(HttpRequest(
                "POST", self.endpoint + "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01",
                json=body)).json()
            if not page.get("$skipToken"):
                return
            options = {**options, "$skipToken": page["$skipToken"]}

    def run(self) -> int:
        for stacks in ("webAppStacks", "functionAppStacks"):
            self.submit(self.once, f"/providers/Microsoft.Web/{stacks}?api-version=2023-12-01")
        for page in self.pages(self.arm, "/subscriptions?api-version=2022-12-01"):
            for subscription in (s["subscriptionId"] for s in page):
                for read in SCOPE_READS:
                    self.submit(lambda url: list(self.pages(self.arm, url)), f"/subscriptions/{subscription}{read}")
                self.submit(self.resource_graph, subscription)
                for listing, reads in LISTINGS.items():
                    self.submit(self.listing, subscription, listing, reads)
        with self.done:
            self.done.wait_for(lambda: self.pending == 0)
        self.pool.shutdown()
        return self.listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--workers", type=int, default=16)
    options = parser.parse_args()
    print(Floor(options.endpoint.rstrip("/"), options.workers).run())


if __name__ == "__main__":
    main()
