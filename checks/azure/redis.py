"""Azure Cache for Redis (PaaS): encryption in transit, credentials and network reach of the cache."""

from srmscan.analysis.azure_paas import (LOCAL_AUTH_WHY, PUBLIC_WHY, TLS_WHY, local_auth_disabled, minimum_tls_12,
                                         public_access_disabled)
from srmscan.check import check, judged, passed

CACHE = "azure.redis.cache"


@check(id="azure.redis.non_ssl_port_disabled", severity="high", resource_type=CACHE, reads=("non_ssl_port",),
       title="Azure Cache for Redis does not accept plain-text connections (port 6379)",
       rationale="On the non-TLS port the access key and every cached value cross the network in clear.",
       remediation="`az redis update --set enableNonSslPort=false`.")
def non_ssl_port_disabled(cache, snapshot):
    return judged(not cache.config["non_ssl_port"], "the non-TLS port is disabled",
                  "the non-TLS port 6379 is enabled")


@check(id="azure.redis.minimum_tls_12", severity="medium", resource_type=CACHE, reads=("minimum_tls_version",),
       title="Azure Cache for Redis requires TLS 1.2 or newer", rationale=TLS_WHY,
       remediation="`az redis update --set minimumTlsVersion=1.2`.")
def minimum_tls(cache, snapshot):
    return minimum_tls_12(cache.config["minimum_tls_version"])


@check(id="azure.redis.public_network_access_disabled", severity="medium", resource_type=CACHE,
       reads=("public_network_access", "private_subnet"), title="Azure Cache for Redis has no public endpoint",
       rationale=PUBLIC_WHY,
       remediation="Use a private endpoint and set public network access to Disabled.")
def public_network_access(cache, snapshot):
    if cache.config["private_subnet"]:
        return passed(f"injected into a virtual network ({cache.config['private_subnet']})")
    return public_access_disabled(cache.config)


@check(id="azure.redis.access_keys_disabled", severity="low", resource_type=CACHE, reads=("access_keys_disabled",),
       title="Azure Cache for Redis refuses access keys (Entra authentication only)", rationale=LOCAL_AUTH_WHY,
       remediation="Enable Microsoft Entra authentication and set disableAccessKeyAuthentication to true.")
def access_keys_disabled(cache, snapshot):
    return local_auth_disabled(cache.config["access_keys_disabled"], "the cache's access keys")
