"""Classic Load Balancing (AWS Foundational Security Best Practices ELB.2, .3, .5, .7, .8, .9, .10, .14): TLS on every
listener with an ACM certificate and a strong negotiation policy (judged by its protocols and ciphers), access
logs, connection draining, cross-zone balancing over several zones, and desync mitigation."""

from srmscan.analysis.tls_policies import listener_policies_verdict, policy_weaknesses
from srmscan.check import check, judged

CLASSIC = "aws.elb.load_balancer"
SECURE = ("HTTPS", "SSL")
NOT_CIPHERS = ("Protocol-", "Reference-Security-Policy", "Server-Defined-Cipher-Order")


def _tls_listeners(balancer) -> list[dict]:
    return [l for l in balancer.config["listeners"] if l["protocol"] in SECURE]


@check(id="aws.elb.tls_listeners", title="Classic load balancer listeners terminate HTTPS or TLS", severity="medium",
       resource_type=CLASSIC, reads=("listeners",),
       rationale="An HTTP or TCP front-end listener carries the clients' traffic in clear text.",
       remediation="Replace HTTP/TCP listeners with HTTPS/SSL ones (with an ACM certificate).")
def tls_listeners(balancer, snapshot):
    clear = [f"{l['protocol']}:{l['port']}" for l in balancer.config["listeners"] if l["protocol"] not in SECURE]
    return judged(not clear, "every listener is HTTPS or SSL", f"listener(s) without TLS: {', '.join(clear)}",
                  listeners=clear)


@check(id="aws.elb.acm_certificate", title="Classic load balancer TLS listeners use ACM certificates",
       severity="medium", resource_type=CLASSIC, reads=("listeners",),
       rationale="ACM renews its certificates; an IAM server certificate expires unless someone replaces it.",
       remediation="Import or request the certificate in ACM and set it on the listener.")
def acm_certificate(balancer, snapshot):
    other = [f"{l['port']}: {l['certificate']}" for l in _tls_listeners(balancer)
             if ":acm:" not in str(l["certificate"] or "")]
    return judged(not other, "every TLS listener uses an ACM certificate" if _tls_listeners(balancer)
                  else "no TLS listener", f"not from ACM: {', '.join(other)}", certificates=other)


def _negotiation(balancer, listener: dict):
    """(policy name, attributes with protocols and ciphers) of a TLS listener, completed from the predefined policy
    it references; None when the listener has no SSL negotiation policy."""
    policies = balancer.config["policies"]
    for name in listener["policies"]:
        policy = policies.get(name)
        if policy is None or policy["type"] != "SSLNegotiationPolicyType":
            continue
        attributes = policy["attributes"]
        if not any(key.startswith("Protocol-") for key in attributes):
            reference = attributes.get("Reference-Security-Policy")
            attributes = (balancer.config["reference_policies"].get(reference) or {}).get("attributes")
            name = f"{name} ({reference})"
        return name, attributes
    return None


@check(id="aws.elb.tls_policy", title="Classic load balancer TLS listeners use a strong negotiation policy",
       severity="medium", resource_type=CLASSIC, reads=("listeners", "policies", "reference_policies"),
       rationale="The negotiation policy decides which protocols and ciphers clients may use; TLS 1.0/1.1, SHA-1 "
                 "MACs, 3DES and RC4 are open to known attacks.",
       remediation="Use the predefined ELBSecurityPolicy-TLS-1-2-2017-01 or a stricter custom policy (TLS 1.2, "
                   "ECDHE suites only).")
def tls_policy(balancer, snapshot):
    weak, unknown = {}, []
    for listener in _tls_listeners(balancer):
        found = _negotiation(balancer, listener)
        if found is None:
            weak[str(listener["port"])] = ["no SSL negotiation policy"]
            continue
        name, attributes = found
        if attributes is None:
            unknown.append(name)
            continue
        enabled = [key for key, value in attributes.items() if str(value).lower() == "true"]
        protocols = [key[len("Protocol-"):] for key in enabled if key.startswith("Protocol-")]
        ciphers = [key for key in enabled if not key.startswith(NOT_CIPHERS)]
        if problems := policy_weaknesses(protocols, ciphers, forward_secrecy=False):   # see tls_policies
            weak[f"{listener['port']} {name}"] = problems
    return listener_policies_verdict(
        weak, unknown, f"the predefined policy of {', '.join(unknown)} was not described",
        "every TLS listener negotiates TLS 1.2+ with strong suites" if _tls_listeners(balancer) else "no TLS listener")


@check(id="aws.elb.access_logging", title="Classic load balancers log access", severity="medium",
       resource_type=CLASSIC, reads=("attributes",),
       rationale="Access logs record every request the load balancer received, the basis of any investigation.",
       remediation="Turn on access logs to an S3 bucket.")
def access_logging(balancer, snapshot):
    return judged(balancer.config["attributes"]["access_log"], "access logs are on", "access logs are off")


@check(id="aws.elb.connection_draining", title="Classic load balancers drain connections", severity="low",
       resource_type=CLASSIC, reads=("attributes",),
       rationale="Without draining, instances leaving the load balancer drop the requests in flight.",
       remediation="Turn on connection draining.")
def connection_draining(balancer, snapshot):
    return judged(balancer.config["attributes"]["connection_draining"], "connection draining is on",
                  "connection draining is off")


@check(id="aws.elb.cross_zone", title="Classic load balancers balance across zones", severity="medium",
       resource_type=CLASSIC, reads=("attributes",),
       rationale="Without cross-zone balancing, a zone with fewer healthy instances takes the same share of traffic "
                 "and fails first.",
       remediation="Turn on cross-zone load balancing.")
def cross_zone(balancer, snapshot):
    return judged(balancer.config["attributes"]["cross_zone"], "cross-zone load balancing is on",
                  "cross-zone load balancing is off")


@check(id="aws.elb.multi_az", title="Classic load balancers span more than one Availability Zone", severity="medium",
       resource_type=CLASSIC, reads=("zones",),
       rationale="A load balancer in one zone goes down with it.",
       remediation="Enable a second Availability Zone (or subnet) for the load balancer.")
def multi_az(balancer, snapshot):
    zones = balancer.config["zones"]
    return judged(len(zones) > 1, f"{len(zones)} zones ({', '.join(zones)})", f"only {', '.join(zones) or 'no zone'}",
                  zones=zones)


@check(id="aws.elb.desync_mitigation", title="Classic load balancers use defensive or strictest desync mitigation",
       severity="medium", resource_type=CLASSIC, reads=("attributes",),
       rationale="The monitor mode forwards ambiguous requests, the raw material of HTTP desync attacks.",
       remediation="Set elb.http.desyncmitigationmode to defensive or strictest.")
def desync_mitigation(balancer, snapshot):
    mode = balancer.config["attributes"]["desync_mitigation"] or "defensive"   # absent: the default
    return judged(mode in ("defensive", "strictest"), f"desync mitigation mode is {mode}",
                  f"desync mitigation mode is {mode}", mode=mode)
