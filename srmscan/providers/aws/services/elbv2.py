"""Elastic Load Balancing v2 (regional): application, network and gateway load balancers with their
attributes and listeners (with the rules of each HTTP listener, which decide whether it serves or redirects),
and the region's TLS security policies as DescribeSSLPolicies defines them (protocols and ciphers)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGION_TYPE, REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _balancer(balancer) -> dict:
    return {"LoadBalancerArn": balancer.id}


def _actions(actions: list | None) -> list[dict]:
    return [{"type": a.get("Type"), "redirect_protocol": (a.get("RedirectConfig") or {}).get("Protocol")}
            for a in actions or []]


def _listener(listener: dict) -> dict:
    shaped = {"protocol": listener.get("Protocol"), "port": listener.get("Port"), "ssl_policy": listener.get("SslPolicy"),
              "default_actions": _actions(listener.get("DefaultActions"))}
    if "Rules" in listener:
        shaped["rules"] = [{"priority": r.get("Priority"), "actions": _actions(r.get("Actions"))}
                           for r in listener["Rules"] if not r.get("IsDefault")]
    return shaped


def _listeners(client, params: dict) -> dict:
    """Every listener; an HTTP listener with its rules too (a rule may serve a path its default action
    redirects), read only for HTTP listeners since only theirs can serve clear text."""
    listeners = client.get_paginator("describe_listeners").paginate(**params).build_full_result().get("Listeners", [])
    for listener in listeners:
        if listener.get("Protocol") == "HTTP":
            pages = client.get_paginator("describe_rules").paginate(ListenerArn=listener["ListenerArn"])
            listener["Rules"] = [rule for page in pages for rule in page.get("Rules", [])]
    return {"Listeners": listeners}


def _ssl_policies(response: dict) -> dict[str, dict]:
    """Policy name -> the protocols and cipher suites (OpenSSL names) it allows."""
    return {p["Name"]: {"protocols": list(p.get("SslProtocols") or []),
                        "ciphers": [c["Name"] for c in p.get("Ciphers") or []]}
            for p in response.get("SslPolicies", [])}


LOAD_BALANCER = ResourceType(
    type="aws.elbv2.load_balancer",
    service="elbv2",
    scope=REGIONAL,
    listing=Listing(Call("describe_load_balancers", params={"PageSize": 400}), "elasticloadbalancing:DescribeLoadBalancers",
                    lambda page: page.get("LoadBalancers", [])),
    identity=lambda b, scope: (b["LoadBalancerArn"], b["LoadBalancerName"]),
    config=fields({"kind": item("Type", "application"), "scheme": item("Scheme"),
                   "zones": lambda b: sorted(z.get("ZoneName") for z in b.get("AvailabilityZones") or [] if z.get("ZoneName"))}),
    reads=(
        Read("attributes", Call("describe_load_balancer_attributes", params=_balancer),
             "elasticloadbalancing:DescribeLoadBalancerAttributes",
             lambda r: {a["Key"]: a.get("Value") for a in r.get("Attributes", [])}),
        Read("listeners", Call("describe_listeners", params=_balancer, call=_listeners),
             ("elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules"),
             lambda r: [_listener(l) for l in r.get("Listeners", [])]),
    ),
)

TYPES = (LOAD_BALANCER,)
SCOPE_READS = {REGION_TYPE: (
    Read("elbv2_ssl_policies", Call("describe_ssl_policies", service="elbv2", pages=True),
         "elasticloadbalancing:DescribeSSLPolicies", _ssl_policies),
)}
