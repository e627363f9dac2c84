"""Azure Synapse Analytics workspaces (PaaS): reach and outbound isolation."""

from srmscan.analysis.azure_paas import PUBLIC_WHY, public_access_disabled
from srmscan.check import check, failed, passed

WORKSPACE = "azure.synapse.workspace"


@check(id="azure.synapse.public_network_access_disabled", severity="medium", resource_type=WORKSPACE,
       reads=("public_network_access",), title="Synapse workspace has its public network access disabled",
       rationale=PUBLIC_WHY, remediation="Set public network access to Disabled and use managed private endpoints.")
def public_network_access(workspace, snapshot):
    return public_access_disabled(workspace.config)


@check(id="azure.synapse.managed_virtual_network", severity="medium", resource_type=WORKSPACE,
       reads=("managed_vnet", "exfiltration_protection"),
       title="Synapse workspace runs in a managed virtual network",
       rationale="In a managed virtual network Spark pools and pipelines are isolated from other tenants and reach "
                 "data over managed private endpoints; with exfiltration protection, only approved tenants.",
       remediation="Create the workspace with a managed virtual network (it cannot be added later) and data "
                   "exfiltration protection.")
def managed_virtual_network(workspace, snapshot):
    if not workspace.config["managed_vnet"]:
        return failed("no managed virtual network")
    protection = "with" if workspace.config["exfiltration_protection"] else "without"
    return passed(f"managed virtual network, {protection} data exfiltration protection")
