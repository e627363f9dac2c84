"""What srmscan reads from Azure Resource Manager and Microsoft Graph: the declarations of every service module
of srmscan.providers.azure.services (in the vocabulary of srmscan.providers.declare), put together. Keys and
permissions follow from the declarations."""

from __future__ import annotations

from srmscan.providers.azure.declare import SUBSCRIPTION_TYPE, TENANT_SCOPE, TENANT_TYPE, Graph
from srmscan.providers.declare import Catalogue

SERVICES = ("storage", "network", "keyvault", "sql", "appservice", "authorization", "postgresql", "mysql", "monitor",
            "defender", "entra", "compute", "aks", "containerregistry", "cosmosdb", "eventhub", "servicebus", "redis",
            "cognitiveservices", "appgateway", "frontdoor", "databricks", "synapse", "datafactory", "loganalytics",
            "purview")
OPT_IN = {"purview": "purview"}   # services read only when the target asks for them: service -> AzureTarget flag
SUBSCRIPTIONS_API = "/subscriptions?api-version=2022-12-01"
MANAGEMENT_GROUP_API = "/providers/Microsoft.Management/managementGroups/{group}{part}?api-version=2020-05-01"
CATALOGUE = Catalogue(
    "srmscan.providers.azure.services", SERVICES, summary_scope=SUBSCRIPTION_TYPE,
    # finding the subscriptions (srmscan.providers.azure.collector), outside any service
    other_permissions=("Microsoft.Resources/subscriptions/read", "Microsoft.Management/managementGroups/read",
                       "Microsoft.Management/managementGroups/descendants/read"))
SCOPE_TYPES = (SUBSCRIPTION_TYPE, TENANT_TYPE)
READ_AT = "read_at"   # on the subscription and the tenant: when they were read (the clock dates are judged by)


def services(target=None) -> tuple[str, ...]:
    """The services a scan of `target` reads (every one, with no target: what the adapter can produce)."""
    return tuple(s for s in SERVICES if target is None or s not in OPT_IN or getattr(target, OPT_IN[s]))


def resource_types(target=None) -> dict[str, frozenset[str]]:
    """The resource types the Azure adapter produces (for `target`, what its scan collects), with the config
    keys it records on each."""
    types = CATALOGUE.resource_types(services(target))
    return {**types, **{scope: types.get(scope, frozenset()) | {READ_AT} for scope in SCOPE_TYPES}}


def _graph_permissions() -> set[str]:
    """The Microsoft Graph application permissions among the declared ones (reads and types of the tenant)."""
    graph = {p for read in CATALOGUE.scope_reads(TENANT_TYPE) if isinstance(read.request, Graph) for p in read.permissions}
    return graph | {p for kind in CATALOGUE.types() if kind.scope == TENANT_SCOPE for p in kind.permissions}


def labelled(found: list[str]) -> list[str]:
    """ARM actions as they are, Microsoft Graph permissions named as such (they are granted to the app)."""
    graph = _graph_permissions()
    return sorted(p for p in found if p not in graph) + sorted(f"Microsoft Graph: {p}" for p in found if p in graph)


def permissions() -> list[str]:
    """ARM actions (all in the built-in Reader role), Microsoft Graph application permissions (of the reads and
    types of the tenant) and what Security & Compliance PowerShell needs."""
    return labelled(list(set(CATALOGUE.permissions())))


def permissions_for(resource_type: str, reads: tuple[str, ...]) -> list[str]:
    return labelled(CATALOGUE.permissions_for(resource_type, reads))
