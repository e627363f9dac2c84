"""App Service: apps with their site configuration."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, WEB_APP_TYPE, listing
from srmscan.providers.declare import Read, ResourceType


def web_app_config(site: dict[str, Any]) -> dict[str, Any]:
    """An App Service app (WebApps_List item): the settings the listing itself carries."""
    properties = site.get("properties") or {}
    return {"kind": site.get("kind"), "https_only": bool(properties.get("httpsOnly")),
            "identity_type": (site.get("identity") or {}).get("type") or "None",
            "client_cert_enabled": bool(properties.get("clientCertEnabled"))}


def site_config_config(config: dict[str, Any]) -> dict[str, Any]:
    properties = config.get("properties") or {}
    return {"min_tls_version": properties.get("minTlsVersion"), "ftps_state": properties.get("ftpsState"),
            "http20_enabled": properties.get("http20Enabled")}


TYPES = (
    ResourceType(WEB_APP_TYPE, "appservice", listing("/providers/Microsoft.Web/sites?api-version=2023-12-01",
                                                     "Microsoft.Web/sites/Read"), web_app_config,
                 reads=(Read("site_config", Arm("/config/web?api-version=2023-12-01", paged=False),
                             "Microsoft.Web/sites/config/Read", site_config_config),)),
)
SCOPE_READS: dict = {}   # no read of the subscription's own
