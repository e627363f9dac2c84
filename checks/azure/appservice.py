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


@check(id="azure.appservice.minimum_tls_12", severity="medium", resource_type=SITE, reads=("site_config",),
       title="App Service app requires TLS 1.2 or newer",
       rationale="TLS 1.0 and 1.1 have known weaknesses; the minimum version is the app owner's setting.",
       remediation="App > Configuration > General settings: Minimum inbound TLS version 1.2 (or 1.3).")
def minimum_tls_12(site, snapshot):
    version = site.config["site_config"]["min_tls_version"]
    if str(version) in ("1.2", "1.3"):
        return passed(f"minimum TLS {version}")
    return failed(f"minimum TLS {version or 'unset'}",
                  min_tls_version=version)


@check(id="azure.appservice.ftp_disabled", severity="medium", resource_type=SITE, reads=("site_config",),
       title="App Service app does not accept plain FTP deployments",
       rationale="Plain FTP sends deployment credentials and code unencrypted.",
       remediation="App > Configuration > General settings: FTP state Disabled (or FTPS only).")
def ftp_disabled(site, snapshot):
    state = site.config["site_config"]["ftps_state"]
    if state in ("Disabled", "FtpsOnly"):
        return passed(f"FTP state {state}")
    return failed(f"FTP state {state or 'unset (AllAllowed)'}: plain FTP is accepted", ftps_state=state)
