"""Step Functions (regional): state machines and their logging level (the definition itself is not kept)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call
from srmscan.providers.declare import Listing, Read, ResourceType

STATE_MACHINE = ResourceType(
    type="aws.stepfunctions.state_machine",
    service="stepfunctions",
    scope=REGIONAL,
    listing=Listing(Call("list_state_machines"), "states:ListStateMachines", lambda page: page.get("stateMachines", [])),
    identity=lambda m, scope: (m["stateMachineArn"], m["name"]),
    reads=(
        Read("logging_level", Call("describe_state_machine", params=lambda machine: {"stateMachineArn": machine.id}),
             "states:DescribeStateMachine", lambda r: (r.get("loggingConfiguration") or {}).get("level", "OFF")),
    ),
)

TYPES = (STATE_MACHINE,)
SCOPE_READS: dict = {}
