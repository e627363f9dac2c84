"""App Service (web apps and function apps): apps with their site configuration, and the runtime stacks App
Service publishes with their end-of-life dates (Provider_GetWebAppStacks, Provider_GetFunctionAppStacks)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, ProviderData, SUBSCRIPTION_TYPE, WEB_APP_TYPE, listing
from srmscan.providers.declare import Read, ResourceType

WINDOWS_RUNTIMES = {"netFrameworkVersion": "dotnet", "phpVersion": "php", "javaVersion": "java",
                    "pythonVersion": "python", "powerShellVersion": "powershell"}


def web_app_config(site: dict[str, Any]) -> dict[str, Any]:
    """An App Service app (WebApps_List item): the settings the listing itself carries."""
    properties = site.get("properties") or {}
    return {"kind": site.get("kind"), "https_only": bool(properties.get("httpsOnly")),
            "identity_type": (site.get("identity") or {}).get("type") or "None",
            "client_cert_enabled": bool(properties.get("clientCertEnabled")),
            "client_cert_mode": properties.get("clientCertMode") or "Required"}


def site_config_config(config: dict[str, Any]) -> dict[str, Any]:
    """The app's web configuration (WebApps_GetConfiguration): transport, debugging, CORS and runtimes (Linux:
    linuxFxVersion "STACK|VERSION"; Windows: one setting per stack, empty when not used)."""
    properties = config.get("properties") or {}
    windows = {stack: str(properties[key]) for key, stack in WINDOWS_RUNTIMES.items()
               if properties.get(key) not in (None, "", "Off")}
    return {"min_tls_version": properties.get("minTlsVersion"), "ftps_state": properties.get("ftpsState"),
            "http20_enabled": properties.get("http20Enabled"),
            "remote_debugging": bool(properties.get("remoteDebuggingEnabled")),
            "cors_origins": list((properties.get("cors") or {}).get("allowedOrigins") or []),
            "linux_runtime": properties.get("linuxFxVersion") or None, "windows_runtimes": windows}


def stacks_config(stacks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """App Service's runtime stacks (web app or function app stacks): "linux:RUNTIMEVERSION" or
    "windows:STACK:RUNTIMEVERSION" (lower case) -> its end-of-life date and whether it is deprecated."""
    found: dict[str, dict[str, Any]] = {}
    for stack in stacks:
        name = str(stack.get("name") or "").lower()
        for major in (stack.get("properties") or {}).get("majorVersions") or []:
            for minor in major.get("minorVersions") or []:
                settings = minor.get("stackSettings") or {}
                for os_key, prefix in (("linuxRuntimeSettings", "linux:"), ("windowsRuntimeSettings", f"windows:{name}:")):
                    runtime = settings.get(os_key) or {}
                    if runtime.get("runtimeVersion"):
                        found[prefix + str(runtime["runtimeVersion"]).lower()] = {
                            "end_of_life": runtime.get("endOfLifeDate"), "deprecated": bool(runtime.get("isDeprecated"))}
    return found


TYPES = (
    ResourceType(WEB_APP_TYPE, "appservice", listing("/providers/Microsoft.Web/sites?api-version=2023-12-01",
                                                     "Microsoft.Web/sites/Read"), web_app_config,
                 reads=(Read("site_config", Arm("/config/web?api-version=2023-12-01", paged=False),
                             "Microsoft.Web/sites/config/Read", site_config_config),)),
)
SCOPE_READS = {SUBSCRIPTION_TYPE: (
    Read("web_app_stacks", ProviderData("/providers/Microsoft.Web/webAppStacks?api-version=2023-12-01"),
         "Microsoft.Web/webAppStacks/read", stacks_config),
    Read("function_app_stacks", ProviderData("/providers/Microsoft.Web/functionAppStacks?api-version=2023-12-01"),
         "Microsoft.Web/functionAppStacks/read", stacks_config),
)}
