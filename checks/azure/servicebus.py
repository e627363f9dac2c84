"""Azure Service Bus namespaces (PaaS): credentials, network reach and TLS of the message broker (the checks Event
Hubs shares: srmscan.analysis.azure_namespaces)."""

from srmscan.analysis.azure_namespaces import namespace_checks

CHECKS = namespace_checks("servicebus", "Service Bus namespace", "servicebus namespace", "Service Bus data roles")
