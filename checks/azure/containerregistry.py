"""Azure Container Registry (PaaS): who may pull and push the images the workloads run."""

from srmscan.analysis.azure_paas import PUBLIC_WHY, REACH_READS, REACH_WHY, public_access_disabled, reach
from srmscan.check import check, judged

REGISTRY = "azure.containerregistry.registry"


@check(id="azure.containerregistry.admin_user_disabled", severity="high", resource_type=REGISTRY,
       reads=("admin_user",), title="Container registry's admin user is disabled",
       rationale="The admin user is one shared username and two passwords with push and pull on every repository, "
                 "used by whoever has them and logged as nobody.",
       remediation="`az acr update --admin-enabled false`; give workloads and people Entra identities with AcrPull "
                   "or AcrPush.")
def admin_user_disabled(registry, snapshot):
    return judged(not registry.config["admin_user"], "admin user disabled",
                  "admin user enabled: shared push/pull credentials exist")


@check(id="azure.containerregistry.anonymous_pull_disabled", severity="high", resource_type=REGISTRY,
       reads=("anonymous_pull",), title="Container registry does not serve images to anonymous callers",
       rationale="With anonymous pull anyone on the internet can download every image, with the code and secrets "
                 "baked into its layers.",
       remediation="`az acr update --anonymous-pull-enabled false`.")
def anonymous_pull_disabled(registry, snapshot):
    return judged(not registry.config["anonymous_pull"], "anonymous pull disabled",
                  "anonymous pull enabled: any caller can pull every image")


@check(id="azure.containerregistry.network_access_restricted", severity="medium", resource_type=REGISTRY,
       reads=REACH_READS, title="Container registry is not reachable from every network", rationale=REACH_WHY,
       remediation="Disable public network access and use private endpoints, or set the registry firewall's default "
                   "action to Deny (Premium SKU).")
def network_access_restricted(registry, snapshot):
    return reach(registry.config)


@check(id="azure.containerregistry.public_network_access_disabled", severity="low", resource_type=REGISTRY,
       reads=("public_network_access",), title="Container registry has its public network access disabled", rationale=PUBLIC_WHY,
       remediation="`az acr update --public-network-enabled false` after creating private endpoints (Premium).")
def public_network_access_disabled(registry, snapshot):
    return public_access_disabled(registry.config)
