"""Classic Load Balancing (regional): classic load balancers with their listeners, attributes and policies.
An SSL negotiation policy that only names a predefined policy (Reference-Security-Policy) is completed with
that predefined policy's own protocols and ciphers, read by name."""

from __future__ import annotations

from typing import Any

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType

SSL_NEGOTIATION = "SSLNegotiationPolicyType"
REFERENCE = "Reference-Security-Policy"


def _listener(description: dict) -> dict[str, Any]:
    listener = description.get("Listener") or {}
    return {"protocol": listener.get("Protocol"), "port": listener.get("LoadBalancerPort"),
            "certificate": listener.get("SSLCertificateId"), "policies": list(description.get("PolicyNames") or [])}


def _policies(response: dict) -> dict[str, dict]:
    """Policy name -> its type and attributes (name -> value)."""
    return {p["PolicyName"]: {"type": p.get("PolicyTypeName"),
                              "attributes": {a["AttributeName"]: a.get("AttributeValue")
                                             for a in p.get("PolicyAttributeDescriptions") or []}}
            for p in response.get("PolicyDescriptions", [])}


def _attributes(response: dict) -> dict[str, Any]:
    attributes = response["LoadBalancerAttributes"]
    extra = {a.get("Key"): a.get("Value") for a in attributes.get("AdditionalAttributes") or []}
    return {"cross_zone": bool((attributes.get("CrossZoneLoadBalancing") or {}).get("Enabled")),
            "access_log": bool((attributes.get("AccessLog") or {}).get("Enabled")),
            "connection_draining": bool((attributes.get("ConnectionDraining") or {}).get("Enabled")),
            "desync_mitigation": extra.get("elb.http.desyncmitigationmode")}


def only_referenced(policy: dict) -> bool:
    """An SSL negotiation policy that names a predefined policy and lists no protocol of its own."""
    attributes = policy["attributes"]
    return policy["type"] == SSL_NEGOTIATION and REFERENCE in attributes and \
        not any(name.startswith("Protocol-") for name in attributes)


def _references(balancer) -> list[str]:
    return sorted({p["attributes"][REFERENCE] for p in balancer.config["policies"].values() if only_referenced(p)})


def _balancer(balancer) -> dict:
    return {"LoadBalancerName": balancer.name}


CLASSIC = ResourceType(
    type="aws.elb.load_balancer",
    service="elb",
    scope=REGIONAL,
    listing=Listing(Call("describe_load_balancers"), "elasticloadbalancing:DescribeLoadBalancers",
                    lambda page: page.get("LoadBalancerDescriptions", [])),
    identity=lambda b, scope: (f"arn:{scope.partition}:elasticloadbalancing:{scope.region}:{scope.account}:"
                               f"loadbalancer/{b['LoadBalancerName']}", b["LoadBalancerName"]),
    config=fields({"scheme": item("Scheme"), "zones": lambda b: sorted(b.get("AvailabilityZones") or []),
                   "listeners": lambda b: [_listener(d) for d in b.get("ListenerDescriptions") or []]}),
    reads=(
        Read("attributes", Call("describe_load_balancer_attributes", params=_balancer),
             "elasticloadbalancing:DescribeLoadBalancerAttributes", _attributes),
        Read("policies", Call("describe_load_balancer_policies", params=_balancer),
             "elasticloadbalancing:DescribeLoadBalancerPolicies", _policies),
        Read("reference_policies", Call("describe_load_balancer_policies",
                                        params=lambda b: {"PolicyNames": _references(b)}),
             "elasticloadbalancing:DescribeLoadBalancerPolicies", _policies, needs=("policies",),
             applies=lambda b: bool(_references(b)),
             moot="no SSL negotiation policy of the load balancer only names a predefined one"),
    ),
)

TYPES = (CLASSIC,)
SCOPE_READS: dict = {}
