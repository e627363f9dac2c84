"""Azure App Service (PaaS): transport and identity settings of each app."""

from srmscan.check import check, failed, passed

SITE = "azure.appservice.site"


@check(id="azure.appservice.https_only", severity="medium", resource_type=SITE, reads=("https_only",),
       title="App Service app redirects HTTP to HTTPS",
       rationale="An app that still answers plain HTTP sends its users' sessions and data unencrypted.",
       remediation="`az webapp update --https-only true` (Settings > Configuration > HTTPS Only: On).")
def https_only(site, snapshot):
    if site.config["https_only"]:
        return passed("HTTPS only")
    return failed("answers plain HTTP")


@check(id="azure.appservice.managed_identity", severity="low", resource_type=SITE, reads=("identity_type",),
       title="App Service app uses a managed identity",
       rationale="A managed identity lets the app reach databases, storage and Key Vault without secrets in its "
                 "configuration; without one, credentials live in app settings or code.",
       remediation="`az webapp identity assign` and grant that identity the roles the app needs.")
def managed_identity(site, snapshot):
    kind = site.config["identity_type"]
    if kind and kind != "None":
        return passed(f"managed identity: {kind}", identity_type=kind)
    return failed("no managed identity")
