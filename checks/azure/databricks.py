"""Azure Databricks workspaces (PaaS): where the clusters run and how the workspace is reached (CIS 2.1)."""

from srmscan.analysis.azure_endpoints import private_endpoints_in_use
from srmscan.analysis.azure_paas import PUBLIC_WHY, public_access_disabled
from srmscan.check import check, failed, judged, passed

WORKSPACE = "azure.databricks.workspace"


@check(id="azure.databricks.vnet_injection", severity="medium", resource_type=WORKSPACE, reads=("custom_vnet",),
       title="Databricks workspace runs its clusters in a customer-managed virtual network",
       rationale="In the managed network the owner cannot put NSGs, firewalls or private endpoints in front of "
                 "the clusters; VNet injection puts them in the owner's own network.",
       remediation="Deploy the workspace with VNet injection (customVirtualNetworkId and its two delegated subnets).")
def vnet_injection(workspace, snapshot):
    network = workspace.config["custom_vnet"]
    return judged(network, f"VNet-injected into {network}", "clusters run in the Databricks-managed network")


@check(id="azure.databricks.no_public_ip", severity="medium", resource_type=WORKSPACE, reads=("no_public_ip",),
       title="Databricks workspace's cluster nodes have no public IP (secure cluster connectivity)",
       rationale="Cluster nodes with public IPs are reachable from the internet; with No Public IP they only dial "
                 "out to the control plane.",
       remediation="Enable secure cluster connectivity (enableNoPublicIp).")
def no_public_ip(workspace, snapshot):
    return judged(workspace.config["no_public_ip"], "No Public IP is enabled", "cluster nodes get public IPs")


@check(id="azure.databricks.public_network_access_disabled", severity="medium", resource_type=WORKSPACE,
       reads=("public_network_access",), title="Databricks workspace has its public network access disabled",
       rationale=PUBLIC_WHY, remediation="Set Allow Public Network Access to Disabled (Premium tier, private link).")
def public_network_access(workspace, snapshot):
    return public_access_disabled(workspace.config)


@check(id="azure.databricks.private_endpoint", severity="low", resource_type=WORKSPACE, reads=("private_endpoints",),
       title="Databricks workspace is reached through a private endpoint",
       rationale="A private endpoint keeps users' and clusters' traffic to the workspace on the owner's network.",
       remediation="Create a private endpoint (databricks_ui_api) for the workspace and approve it.")
def private_endpoint(workspace, snapshot):
    used, message, evidence = private_endpoints_in_use(workspace.config["private_endpoints"])
    return judged(used, message, message, **evidence)


@check(id="azure.databricks.diagnostic_logs", severity="medium", resource_type=WORKSPACE,
       reads=("diagnostic_settings",), title="Databricks workspace sends its diagnostic logs somewhere",
       rationale="Workspace audit logs (logins, cluster and job changes, notebook commands) exist only where a "
                 "diagnostic setting sends them.",
       remediation="Add a diagnostic setting sending the workspace's log categories (or allLogs) to Log Analytics "
                   "or a storage account.")
def diagnostic_logs(workspace, snapshot):
    sending = [s["name"] for s in workspace.config["diagnostic_settings"]
               if s["destinations"] and any(l["enabled"] for l in s["logs"])]
    if sending:
        return passed(f"diagnostic setting(s) {', '.join(sending)} send its logs")
    return failed("no diagnostic setting sends its logs anywhere")
