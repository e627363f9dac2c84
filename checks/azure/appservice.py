"""Azure App Service (PaaS): transport and identity settings of each app."""

from srmscan.check import check, failed, judged, passed, undetermined

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


@check(id="azure.appservice.remote_debugging_disabled", severity="medium", resource_type=SITE, reads=("site_config",),
       title="App Service app has remote debugging off",
       rationale="Remote debugging opens inbound ports to the app's worker and lets a debugger attach to production.",
       remediation="App > Configuration > General settings: Remote debugging Off.")
def remote_debugging_disabled(site, snapshot):
    return judged(not site.config["site_config"]["remote_debugging"], "remote debugging is off",
                  "remote debugging is on")


@check(id="azure.appservice.client_certificates", severity="low", resource_type=SITE,
       reads=("client_cert_enabled", "client_cert_mode"), title="App Service app requires client certificates",
       rationale="Incoming client certificates (mutual TLS) let only callers holding a trusted certificate reach "
                 "the app at all.",
       remediation="App > Configuration > General settings: Client certificate mode Required.")
def client_certificates(site, snapshot):
    enabled, mode = site.config["client_cert_enabled"], site.config["client_cert_mode"]
    if enabled and mode == "Required":
        return passed("client certificates required")
    return failed(f"client certificates {'optional (' + mode + ')' if enabled else 'not requested'}",
                  client_cert_mode=mode if enabled else None)


@check(id="azure.appservice.cors_not_any_origin", severity="medium", resource_type=SITE, reads=("site_config",),
       title="App Service app's CORS does not allow every origin",
       rationale="CORS `*` lets scripts on any web site call the app from its users' browsers.",
       remediation="List the origins that need the app in its CORS settings and remove `*`.")
def cors_not_any_origin(site, snapshot):
    origins = site.config["site_config"]["cors_origins"]
    return judged("*" not in origins, f"CORS origins: {', '.join(origins) or 'none'}", "CORS allows every origin (*)",
                  cors_origins=origins)


@check(id="azure.appservice.http2_enabled", severity="low", resource_type=SITE, reads=("site_config",),
       title="App Service app serves HTTP/2",
       rationale="HTTP/2 brings header compression and one connection per client, and drops HTTP/1.1's "
                 "request smuggling surface at the front end.",
       remediation="App > Configuration > General settings: HTTP version 2.0.")
def http2_enabled(site, snapshot):
    return judged(site.config["site_config"]["http20_enabled"], "HTTP/2 enabled", "HTTP/2 disabled")


def _runtimes(site) -> list[tuple[str, str]] | None:
    """(stack lookup key, how the site names it) for every runtime the site is configured with; None for a
    custom container."""
    config = site.config["site_config"]
    linux = config["linux_runtime"]
    if linux:
        return None if linux.upper().startswith(("DOCKER|", "COMPOSE|")) else [(f"linux:{linux.lower()}", linux)]
    return [(f"windows:{stack}:{version.lower()}", f"{stack} {version}")
            for stack, version in config["windows_runtimes"].items()]


@check(id="azure.appservice.runtime_supported", severity="high", resource_type=SITE,
       reads=("kind", "site_config", "account.web_app_stacks", "account.function_app_stacks", "account.read_at"),
       title="App Service app runs a language runtime App Service still supports",
       rationale="Past its end of life a runtime (Python, Node, .NET, PHP, Java) gets no security fixes; on App "
                 "Service the platform stops patching it while the app keeps running on it.",
       remediation="Move the app to a supported runtime version (Configuration > General settings > Stack).")
def runtime_supported(site, snapshot):
    account = snapshot.account(site)
    stacks = account.config["function_app_stacks" if "functionapp" in str(site.config["kind"]) else "web_app_stacks"]
    runtimes = _runtimes(site)
    if runtimes is None:
        return passed("a custom container: its image brings its own runtime")
    if not runtimes:
        return passed("no language runtime is configured")
    on = snapshot.read_on(site).isoformat()
    ended, unknown = [], []
    for key, label in runtimes:
        stack = stacks.get(key)
        if stack is None:
            unknown.append(label)
        elif stack["deprecated"] or (stack["end_of_life"] and stack["end_of_life"][:10] < on):
            ended.append(f"{label} (end of life {str(stack['end_of_life'] or 'passed')[:10]})")
    if ended:
        return failed(f"runtime past end of life: {', '.join(ended)}", runtimes=[label for _, label in runtimes])
    if unknown:
        return undetermined(f"App Service lists no runtime {', '.join(unknown)}: its support cannot be told")
    return passed(f"runtime {', '.join(label for _, label in runtimes)} is supported")
