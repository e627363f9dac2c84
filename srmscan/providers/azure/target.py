"""What an Azure scan is asked to read, and the endpoints of each Azure cloud (built from the command line by
srmscan.providers.azure.options)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Cloud:
    arm: str
    graph: str
    authority: str
    arm_scope: str
    graph_scope: str
    keyvault_scope: str = "https://vault.azure.net/.default"   # Key Vault data plane (list keys and secrets)
    # Security & Compliance PowerShell's REST endpoint (DLP, sensitivity labels); None: not known on this cloud
    compliance: str | None = None
    compliance_scope: str | None = None


CLOUDS = {
    "public": Cloud("https://management.azure.com", "https://graph.microsoft.com", "https://login.microsoftonline.com",
                    "https://management.azure.com/.default", "https://graph.microsoft.com/.default",
                    compliance="https://ps.compliance.protection.outlook.com",
                    compliance_scope="https://ps.compliance.protection.outlook.com/.default"),
    "usgov": Cloud("https://management.usgovcloudapi.net", "https://graph.microsoft.us", "https://login.microsoftonline.us",
                   "https://management.usgovcloudapi.net/.default", "https://graph.microsoft.us/.default"),
    "china": Cloud("https://management.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn",
                   "https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn/.default",
                   "https://microsoftgraph.chinacloudapi.cn/.default", "https://vault.azure.cn/.default"),
}


@dataclass(frozen=True)
class AzureTarget:
    subscriptions: tuple[str, ...]
    tenant: str | None
    cloud: Cloud
    entra: bool
    max_workers: int
    management_group: str | None = None   # every subscription under it (ARM management-group descendants)
    shard: Any = None                     # a srmscan.sharding.Shard: this run's share of the subscriptions
    purview: bool = False                 # also read DLP and sensitivity labels (Security & Compliance PowerShell)
