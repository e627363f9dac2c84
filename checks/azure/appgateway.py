"""Azure Application Gateway (PaaS): the web application firewall in front of the apps, and the TLS it offers."""

from srmscan.check import check, failed, judged, undetermined

GATEWAY = "azure.appgateway.gateway"
WAF_POLICY = "azure.appgateway.waf_policy"
# Application Gateway TLS policy overview: the minimum protocol of each predefined policy
PREDEFINED_MINIMUM = {"appgwsslpolicy20150501": "TLSv1_0", "appgwsslpolicy20170401": "TLSv1_1",
                      "appgwsslpolicy20170401s": "TLSv1_2", "appgwsslpolicy20220101": "TLSv1_2",
                      "appgwsslpolicy20220101s": "TLSv1_2"}


def _policy(gateway, snapshot):
    wanted = str(gateway.config["waf_policy"] or "").lower()
    return next((p for p in snapshot.resources(WAF_POLICY) if p.id.lower() == wanted), None) if wanted else None


@check(id="azure.appgateway.waf_enabled", severity="high", resource_type=GATEWAY,
       reads=("sku_tier", "waf_policy", "legacy_waf", "waf_policy.state", "waf_policy.mode"),
       title="Application Gateway filters traffic with a WAF",
       rationale="Without a web application firewall the apps behind the gateway meet OWASP attacks (injection, "
                 "XSS, scanners) with their own code only.",
       remediation="Use the WAF_v2 tier and associate an enabled WAF policy in Prevention mode.")
def waf_enabled(gateway, snapshot):
    config = gateway.config
    if not str(config["sku_tier"] or "").startswith("WAF"):
        return failed(f"tier {config['sku_tier']}: no web application firewall")
    if config["waf_policy"]:
        policy = _policy(gateway, snapshot)
        if policy is None:
            return undetermined(f"its WAF policy {config['waf_policy']} was not read")
        return judged(policy.config["state"] == "Enabled", f"WAF policy {policy.name} is enabled ({policy.config['mode']})",
                      f"WAF policy {policy.name} is disabled")
    legacy = config["legacy_waf"]
    return judged(legacy and legacy["enabled"], "the gateway's WAF configuration is enabled",
                  "WAF tier with no enabled WAF policy or configuration")


@check(id="azure.appgateway.minimum_tls_12", severity="medium", resource_type=GATEWAY,
       reads=("ssl_policy", "default_ssl_policy"), title="Application Gateway's TLS policy requires TLS 1.2 or newer",
       rationale="TLS 1.0 and 1.1 have known weaknesses; the gateway's TLS policy is the owner's setting.",
       remediation="Set the gateway's TLS policy to AppGwSslPolicy20220101 (or a custom policy with minimum TLSv1_2).")
def minimum_tls_12(gateway, snapshot):
    policy = gateway.config["ssl_policy"] or {}
    name = policy.get("name") or (None if policy.get("type", "").startswith("Custom") else gateway.config["default_ssl_policy"])
    minimum = policy.get("min_protocol") if str(policy.get("type") or "").startswith("Custom") else \
        PREDEFINED_MINIMUM.get(str(name or "").lower())
    if minimum is None:
        return undetermined("the gateway's TLS policy is not set and the answer names no default policy"
                            if not name else f"predefined TLS policy {name} is not one srmscan knows")
    return judged(minimum in ("TLSv1_2", "TLSv1_3"), f"minimum {minimum} ({name or 'custom policy'})",
                  f"minimum {minimum} ({name or 'custom policy'})", min_protocol=minimum)


@check(id="azure.appgateway.http2_enabled", severity="low", resource_type=GATEWAY, reads=("http2",),
       title="Application Gateway serves HTTP/2",
       rationale="CIS asks for HTTP/2 on the gateway's listeners (fewer connections, header compression).",
       remediation="`az network application-gateway update --http2 Enabled`.")
def http2_enabled(gateway, snapshot):
    return judged(gateway.config["http2"], "HTTP/2 enabled", "HTTP/2 disabled")


@check(id="azure.appgateway.waf_prevention_mode", severity="medium", resource_type=WAF_POLICY,
       reads=("state", "mode"), title="Application Gateway WAF policy blocks (Prevention mode)",
       rationale="In Detection mode the WAF only logs the attacks it recognises and lets them through.",
       remediation="Set the policy's mode to Prevention once its exclusions are tuned.")
def waf_prevention_mode(policy, snapshot):
    state, mode = policy.config["state"], policy.config["mode"]
    if state != "Enabled":
        return failed("the policy is disabled")
    return judged(mode == "Prevention", "enabled in Prevention mode", f"enabled in {mode} mode: attacks are logged, "
                  "not blocked", mode=mode)


@check(id="azure.appgateway.waf_request_body_inspection", severity="medium", resource_type=WAF_POLICY,
       reads=("request_body_check",), title="Application Gateway WAF policy inspects request bodies",
       rationale="Without body inspection, injection payloads in POST bodies pass the WAF unexamined.",
       remediation="Turn on request body inspection in the policy settings.")
def waf_request_body_inspection(policy, snapshot):
    return judged(policy.config["request_body_check"], "request body inspection is on",
                  "request body inspection is off")


@check(id="azure.appgateway.waf_bot_protection", severity="low", resource_type=WAF_POLICY, reads=("rule_sets",),
       title="Application Gateway WAF policy runs the bot protection rule set",
       rationale="The bot manager rule set blocks known-bad bots (scanners, scrapers, credential stuffers) by their "
                 "IP reputation and signatures.",
       remediation="Add the Microsoft_BotManagerRuleSet managed rule set to the policy.")
def waf_bot_protection(policy, snapshot):
    bots = [s for s in policy.config["rule_sets"] if s.startswith("Microsoft_BotManagerRuleSet")]
    return judged(bots, f"bot protection: {', '.join(bots)}", "no bot protection rule set",
                  rule_sets=policy.config["rule_sets"])
