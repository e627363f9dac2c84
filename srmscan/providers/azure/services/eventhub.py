"""Azure Event Hubs namespaces, each with its network rule set."""

from __future__ import annotations

from srmscan.providers.azure.declare import messaging_namespace_type

TYPES = (messaging_namespace_type("azure.eventhub.namespace", "eventhub", "Microsoft.EventHub", "2024-01-01"),)
SCOPE_READS: dict = {}   # no read of the subscription's own
