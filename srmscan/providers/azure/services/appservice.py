"""App Service: apps with their site configuration."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import ArmListing, ArmRead, GraphRead, WEB_APP_TYPE


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


SUBSCRIPTION_READS: dict[str, ArmRead] = {}   # no subscription-level read
GRAPH_READS: dict[str, GraphRead] = {}   # no Microsoft Graph read

LISTINGS = (
    ArmListing(WEB_APP_TYPE, "/subscriptions/{subscription}/providers/Microsoft.Web/sites?api-version=2023-12-01",
               "Microsoft.Web/sites/Read", web_app_config,
               item_reads={"site_config": ArmRead("/config/web?api-version=2023-12-01", "Microsoft.Web/sites/config/Read",
                                                  site_config_config, paged=False)}),
)
