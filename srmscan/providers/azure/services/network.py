"""Networking: network security groups with every rule, virtual networks, network watchers with their flow
logs, and the subscription's Bastion hosts."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import (Arm, NSG_TYPE, SUBSCRIPTION_TYPE, VNET_TYPE, WATCHER_TYPE, listing,
                                             names_config)
from srmscan.providers.declare import Read, ResourceType


RULE_FIELDS = ("protocol", "access", "priority", "direction", "sourceAddressPrefix", "sourceAddressPrefixes",
               "destinationPortRange", "destinationPortRanges", "sourceApplicationSecurityGroups")


def nsg_config(group: dict[str, Any]) -> dict[str, Any]:
    """A NetworkSecurityGroup (ARM JSON): its custom and default rules, as evaluated, and what it is on."""
    properties = group.get("properties") or {}
    rules = list(properties.get("securityRules") or []) + list(properties.get("defaultSecurityRules") or [])
    return {
        "security_rules": [{"name": rule.get("name"),
                            "properties": {k: v for k, v in (rule.get("properties") or {}).items() if k in RULE_FIELDS}}
                           for rule in rules],
        "attached_to": {"subnets": sorted(s.get("id", "") for s in properties.get("subnets") or []),
                        "network_interfaces": sorted(n.get("id", "") for n in properties.get("networkInterfaces") or [])},
    }


def vnet_config(vnet: dict[str, Any]) -> dict[str, Any]:
    """A virtual network: its subnets and the network security group on each (None when there is none), and
    its DDoS Network Protection."""
    properties = vnet.get("properties") or {}
    return {"subnets": [{"name": s.get("name"),
                         "nsg": ((s.get("properties") or {}).get("networkSecurityGroup") or {}).get("id")}
                        for s in properties.get("subnets") or []],
            "ddos_protection": bool(properties.get("enableDdosProtection")),
            "ddos_protection_plan": (properties.get("ddosProtectionPlan") or {}).get("id")}


def network_watchers_config(watchers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": w.get("name"), "location": str(w.get("location") or "").lower().replace(" ", ""),
             "state": (w.get("properties") or {}).get("provisioningState")} for w in watchers]


def watcher_config(watcher: dict[str, Any]) -> dict[str, Any]:
    return {"state": (watcher.get("properties") or {}).get("provisioningState")}


def flow_logs_config(flow_logs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flow logs of a network watcher: what they capture (an NSG or a virtual network), retention, analytics."""
    shaped = []
    for log in flow_logs:
        properties = log.get("properties") or {}
        retention = properties.get("retentionPolicy") or {}
        analytics = ((properties.get("flowAnalyticsConfiguration") or {})
                     .get("networkWatcherFlowAnalyticsConfiguration") or {})
        shaped.append({"name": log.get("name"), "target": properties.get("targetResourceId"),
                       "enabled": bool(properties.get("enabled")),
                       "retention_days": (retention.get("days") or 0) if retention.get("enabled") else 0,
                       "traffic_analytics_workspace": analytics.get("workspaceResourceId")
                       if analytics.get("enabled") else None})
    return shaped


# The subscription's own settings (resource `azure.account`): config key -> read
TYPES = (
    ResourceType(NSG_TYPE, "network",
                 listing("/providers/Microsoft.Network/networkSecurityGroups?api-version=2024-05-01",
                         "Microsoft.Network/networkSecurityGroups/read"), nsg_config),
    ResourceType(VNET_TYPE, "network", listing("/providers/Microsoft.Network/virtualNetworks?api-version=2024-05-01",
                                               "Microsoft.Network/virtualNetworks/read"), vnet_config),
    ResourceType(WATCHER_TYPE, "network", listing("/providers/Microsoft.Network/networkWatchers?api-version=2024-05-01",
                                                  "Microsoft.Network/networkWatchers/read"), watcher_config,
                 reads=(Read("flow_logs", Arm("/flowLogs?api-version=2024-05-01"),
                             "Microsoft.Network/networkWatchers/flowLogs/read", flow_logs_config),),
                 on_scope=("network_watchers", network_watchers_config)),
)
SCOPE_READS = {SUBSCRIPTION_TYPE: (
    Read("bastion_hosts", Arm("/subscriptions/{subscription}/providers/Microsoft.Network/bastionHosts"
                              "?api-version=2024-05-01"), "Microsoft.Network/bastionHosts/read", names_config),
)}
