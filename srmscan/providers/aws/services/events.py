"""EventBridge (regional): event buses with their resource policies (the listing carries them)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, ResourceType

BUS = ResourceType(
    type="aws.events.bus",
    service="events",
    scope=REGIONAL,
    listing=Listing(Call("list_event_buses", params={"Limit": 100}), "events:ListEventBuses",
                    lambda page: page.get("EventBuses", [])),
    identity=lambda b, scope: (b["Arn"], b["Name"]),
    config=fields({"policy": item("Policy"), "default": lambda b: b.get("Name") == "default"}),
)

TYPES = (BUS,)
SCOPE_READS: dict = {}
