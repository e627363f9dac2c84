"""Azure Service Bus namespaces, each with its network rule set."""

from __future__ import annotations

from srmscan.providers.azure.declare import messaging_namespace_type

TYPES = (messaging_namespace_type("azure.servicebus.namespace", "servicebus", "Microsoft.ServiceBus", "2021-11-01"),)
SCOPE_READS: dict = {}   # no read of the subscription's own
