"""Elastic Load Balancing v2 (regional): application, network and gateway load balancers with their
attributes and listeners."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _balancer(balancer) -> dict:
    return {"LoadBalancerArn": balancer.id}


def _listener(listener: dict) -> dict:
    return {"protocol": listener.get("Protocol"), "port": listener.get("Port"), "ssl_policy": listener.get("SslPolicy"),
            "default_actions": [{"type": a.get("Type"),
                                 "redirect_protocol": (a.get("RedirectConfig") or {}).get("Protocol")}
                                for a in listener.get("DefaultActions") or []]}


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
        Read("listeners", Call("describe_listeners", params=_balancer, pages=True),
             "elasticloadbalancing:DescribeListeners", lambda r: [_listener(l) for l in r.get("Listeners", [])]),
    ),
)

TYPES = (LOAD_BALANCER,)
SCOPE_READS: dict = {}
