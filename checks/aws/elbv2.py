"""Elastic Load Balancing v2 (AWS Foundational Security Best Practices ELB.1, .4, .5, .6, .12, .13, .17, .18)."""

from srmscan.analysis.tls_policies import listener_policies_verdict, policy_weaknesses
from srmscan.check import check, failed, judged, passed

BALANCER = "aws.elbv2.load_balancer"


def _not_application(balancer):
    """The controls for application load balancers pass the other kinds, saying so."""
    if balancer.config["kind"] != "application":
        return passed(f"a {balancer.config['kind']} load balancer (the control is for application load balancers)")
    return None


def _attribute(balancer, key: str) -> str | None:
    return balancer.config["attributes"].get(key)


def _redirects_to_https(actions: list[dict]) -> bool:
    return any(a["type"] == "redirect" and a["redirect_protocol"] == "HTTPS" for a in actions)


def _serves_http(listener: dict) -> list[str]:
    """Where an HTTP listener answers without redirecting to HTTPS: its default action, and each rule (by
    priority) whose actions do not redirect. Empty for a listener of another protocol."""
    if listener["protocol"] != "HTTP":
        return []
    serving = [] if _redirects_to_https(listener["default_actions"]) else ["default action"]
    return serving + [f"rule {r['priority']}" for r in listener.get("rules") or [] if not _redirects_to_https(r["actions"])]


@check(id="aws.elbv2.http_redirects_to_https", title="Application load balancers redirect HTTP to HTTPS",
       severity="medium", resource_type=BALANCER, reads=("kind", "listeners"),
       rationale="An HTTP listener that serves content sends requests, cookies and tokens in clear text; one rule that "
                 "forwards a path is enough, whatever the default action does.",
       remediation="Make each HTTP listener's default action and every rule a redirect to HTTPS (status 301).")
def http_redirects_to_https(balancer, snapshot):
    if verdict := _not_application(balancer):
        return verdict
    serving = {str(l["port"]): where for l in balancer.config["listeners"] if (where := _serves_http(l))}
    if serving:
        return failed("HTTP served without a redirect to HTTPS: " + "; ".join(
            f"port {port} ({', '.join(where)})" for port, where in serving.items()), serving=serving)
    return passed("every HTTP listener redirects to HTTPS" if balancer.config["listeners"] else "no listener")


SECURE_PROTOCOL = {"application": "HTTPS", "network": "TLS"}


@check(id="aws.elbv2.secure_listeners", title="Load balancer listeners use HTTPS (application) or TLS (network)",
       severity="medium", resource_type=BALANCER, reads=("kind", "listeners"),
       rationale="A listener without TLS carries the traffic in clear text between the client and the load balancer.",
       remediation="Use HTTPS listeners on application and TLS listeners on network load balancers (an HTTP listener "
                   "that only redirects to HTTPS is fine).")
def secure_listeners(balancer, snapshot):
    secure = SECURE_PROTOCOL.get(balancer.config["kind"])
    if secure is None:
        return passed(f"a {balancer.config['kind']} load balancer: its listeners do not terminate TLS")
    clear = [f"{l['protocol']}:{l['port']}" for l in balancer.config["listeners"] if l["protocol"] != secure
             and not (l["protocol"] == "HTTP" and not _serves_http(l))]
    return judged(not clear, f"every listener is {secure} (or an HTTP redirect to HTTPS)",
                  f"listener(s) without TLS: {', '.join(clear)}", listeners=clear)


@check(id="aws.elbv2.tls_policy", title="Load balancer TLS listeners use a recommended security policy",
       severity="medium", resource_type=BALANCER, reads=("listeners", "region.elbv2_ssl_policies"),
       rationale="The security policy decides which protocols and cipher suites clients may negotiate; TLS 1.0/1.1, "
                 "SHA-1 MACs and suites without forward secrecy are open to known attacks.",
       remediation="Use ELBSecurityPolicy-TLS13-1-2-2021-06 (or a stricter TLS13 / FS policy) on every HTTPS and "
                   "TLS listener.")
def tls_policy(balancer, snapshot):
    policies = snapshot.region(balancer).config["elbv2_ssl_policies"]
    judged_listeners, weak, unknown = 0, {}, []
    for listener in balancer.config["listeners"]:
        name = listener["ssl_policy"]
        if listener["protocol"] not in ("HTTPS", "TLS") or not name:
            continue
        judged_listeners += 1
        if name not in policies:
            unknown.append(name)
        elif problems := policy_weaknesses(policies[name]["protocols"], policies[name]["ciphers"]):
            weak[f"{listener['protocol']}:{listener['port']} {name}"] = problems
    return listener_policies_verdict(
        weak, unknown, f"policy {', '.join(unknown)} is not among the region's DescribeSSLPolicies answer",
        f"{judged_listeners} TLS listener(s), each on a recommended policy" if judged_listeners
        else "no HTTPS or TLS listener")


@check(id="aws.elbv2.drop_invalid_headers", title="Application load balancers drop invalid HTTP headers",
       severity="medium", resource_type=BALANCER, reads=("kind", "attributes"),
       rationale="Headers with invalid characters are a request-smuggling vector to the targets behind.",
       remediation="Set the attribute routing.http.drop_invalid_header_fields.enabled to true.")
def drop_invalid_headers(balancer, snapshot):
    if verdict := _not_application(balancer):
        return verdict
    if _attribute(balancer, "routing.http.drop_invalid_header_fields.enabled") == "true":
        return passed("invalid header fields are dropped")
    return failed("invalid header fields are passed to the targets")


@check(id="aws.elbv2.access_logging", title="Application load balancers log access", severity="medium",
       resource_type=BALANCER, reads=("kind", "attributes"),
       rationale="Without access logs there is no record of who reached the application, or how.",
       remediation="Set access_logs.s3.enabled to true with an S3 bucket for the logs.")
def access_logging(balancer, snapshot):
    if verdict := _not_application(balancer):
        return verdict
    if _attribute(balancer, "access_logs.s3.enabled") == "true":
        return passed(f"access logs go to {_attribute(balancer, 'access_logs.s3.bucket')}")
    return failed("access logging is off")


@check(id="aws.elbv2.deletion_protection", title="Load balancers have deletion protection on", severity="medium",
       resource_type=BALANCER, reads=("attributes",),
       rationale="Without deletion protection one call takes the application off the network.",
       remediation="Set the attribute deletion_protection.enabled to true.")
def deletion_protection(balancer, snapshot):
    if _attribute(balancer, "deletion_protection.enabled") == "true":
        return passed("deletion protection is on")
    return failed("deletion protection is off")


@check(id="aws.elbv2.desync_mitigation", title="Application load balancers use defensive or strictest desync mitigation",
       severity="medium", resource_type=BALANCER, reads=("kind", "attributes"),
       rationale="The monitor mode forwards ambiguous requests, the raw material of HTTP desync attacks.",
       remediation="Set routing.http.desync_mitigation_mode to defensive or strictest.")
def desync_mitigation(balancer, snapshot):
    if verdict := _not_application(balancer):
        return verdict
    mode = _attribute(balancer, "routing.http.desync_mitigation_mode") or "defensive"   # absent: the default
    if mode in ("defensive", "strictest"):
        return passed(f"desync mitigation mode is {mode}")
    return failed(f"desync mitigation mode is {mode}", mode=mode)


@check(id="aws.elbv2.multi_az", title="Load balancers span more than one Availability Zone", severity="medium",
       resource_type=BALANCER, reads=("zones",),
       rationale="A load balancer in one zone goes down with it.",
       remediation="Add a subnet of another Availability Zone to the load balancer.")
def multi_az(balancer, snapshot):
    zones = balancer.config["zones"]
    if len(zones) > 1:
        return passed(f"{len(zones)} Availability Zones ({', '.join(zones)})", zones=zones)
    return failed(f"only {', '.join(zones) or 'no zone'}", zones=zones)
