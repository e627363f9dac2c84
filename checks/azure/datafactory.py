"""Azure Data Factory (PaaS): reach of the factory and isolation of its integration runtime."""

from srmscan.analysis.azure_paas import PUBLIC_WHY, public_access_disabled
from srmscan.check import check, judged

FACTORY = "azure.datafactory.factory"


@check(id="azure.datafactory.public_network_access_disabled", severity="medium", resource_type=FACTORY,
       reads=("public_network_access",), title="Data Factory has its public network access disabled",
       rationale=PUBLIC_WHY, remediation="Set public network access to Disabled and use private endpoints.")
def public_network_access(factory, snapshot):
    return public_access_disabled(factory.config)


@check(id="azure.datafactory.managed_virtual_network", severity="medium", resource_type=FACTORY,
       reads=("managed_virtual_networks",), title="Data Factory has a managed virtual network for its integration runtime",
       rationale="Without a managed virtual network the Azure integration runtime reaches data stores over public "
                 "endpoints from shared infrastructure.",
       remediation="Create a managed virtual network and an Azure integration runtime in it, with managed private "
                   "endpoints to the data stores.")
def managed_virtual_network(factory, snapshot):
    networks = factory.config["managed_virtual_networks"]
    return judged(networks, f"managed virtual network: {', '.join(networks)}", "no managed virtual network")
