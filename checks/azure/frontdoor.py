"""Azure Front Door Standard and Premium (PaaS): the web application firewall at Microsoft's edge."""

from srmscan.check import check, failed, passed

PROFILE = "azure.frontdoor.profile"


@check(id="azure.frontdoor.waf_enabled", severity="high", resource_type=PROFILE, reads=("security_policies",),
       title="Front Door profile attaches a WAF policy to its domains",
       rationale="Without a WAF security policy Front Door forwards every request, attacks included, to the origins.",
       remediation="Create a Front Door WAF policy and attach it to the profile's domains with a security policy.")
def waf_enabled(profile, snapshot):
    policies = [p for p in profile.config["security_policies"]
                if p["type"] == "WebApplicationFirewall" and p["waf_policy"]]
    if not policies:
        return failed("no WAF security policy: requests reach the origins unfiltered")
    domains = sorted({d.rsplit("/", 1)[-1] for p in policies for d in p["domains"]})
    return passed(f"WAF security policy {', '.join(p['name'] for p in policies)} on {', '.join(domains) or 'no domain'}",
                  domains=domains)
