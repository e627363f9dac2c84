"""Azure Event Hubs namespaces (PaaS): credentials, network reach and TLS of the event stream (the checks Service
Bus shares: srmscan.analysis.azure_namespaces)."""

from srmscan.analysis.azure_namespaces import namespace_checks

CHECKS = namespace_checks("eventhub", "Event Hubs namespace", "eventhubs namespace", "Event Hubs data roles")
