"""Elastic Load Balancing v2 (AWS Foundational Security Best Practices ELB.1, .4, .5, .6, .12, .13)."""

from srmscan.check import check, failed, passed

BALANCER = "aws.elbv2.load_balancer"


def _not_application(balancer):
    """The controls for application load balancers pass the other kinds, saying so."""
    if balancer.config["kind"] != "application":
        return passed(f"a {balancer.config['kind']} load balancer (the control is for application load balancers)")
    return None


def _attribute(balancer, key: str) -> str | None:
    return balancer.config["attributes"].get(key)


@check(id="aws.elbv2.http_redirects_to_https", title="Application load balancers redirect HTTP to HTTPS",
       severity="medium", resource_type=BALANCER, reads=("kind", "listeners"),
       rationale="An HTTP listener that serves content sends requests, cookies and tokens in clear text.",
       remediation="Make each HTTP listener's default action a redirect to HTTPS (status 301).")
def http_redirects_to_https(balancer, snapshot):
    if verdict := _not_application(balancer):
        return verdict
    serving = [l["port"] for l in balancer.config["listeners"] if l["protocol"] == "HTTP"
               and not any(a["type"] == "redirect" and a["redirect_protocol"] == "HTTPS" for a in l["default_actions"])]
    if serving:
        return failed(f"HTTP listener(s) on port {', '.join(map(str, serving))} do not redirect to HTTPS", ports=serving)
    return passed("every HTTP listener redirects to HTTPS" if balancer.config["listeners"] else "no listener")


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
