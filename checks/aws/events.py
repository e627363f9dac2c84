"""EventBridge (AWS Foundational Security Best Practices EventBridge.3) and public event bus policies."""

from srmscan.analysis.aws_policy import public_policy_verdict
from srmscan.check import check, judged, passed

BUS = "aws.events.bus"


@check(id="aws.events.custom_bus_has_policy", title="Custom EventBridge buses have a resource-based policy",
       severity="low", resource_type=BUS, reads=("policy", "default"),
       rationale="A bus policy says which accounts and services may put events on it; without one, who may is "
                 "decided only by identity policies spread over many principals.",
       remediation="`aws events put-permission --event-bus-name B --policy file://policy.json` naming the senders.")
def custom_bus_has_policy(bus, snapshot):
    if bus.config["default"]:
        return passed("the default bus (the control is for custom buses)")
    return judged(bus.config["policy"], "the bus has a resource-based policy", "the bus has no resource-based policy")


@check(id="aws.events.bus_not_public", title="EventBridge bus policies do not let everyone put events",
       severity="high", resource_type=BUS, reads=("policy",),
       rationale="A public bus policy lets any AWS account inject events that trigger the rules and targets behind it.",
       remediation="Name the sending accounts, or require aws:PrincipalOrgID on a fixed value.")
def bus_not_public(bus, snapshot):
    return public_policy_verdict(bus.config["policy"], "bus")
