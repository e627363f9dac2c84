"""Which ports of a network security group the whole internet reaches: Azure NSG rule semantics.

Inbound rules are evaluated in ascending priority (100 .. 4096, then Azure's default rules 65000 ..
65500) and the first rule matching the packet decides, Allow or Deny. For traffic from anywhere on the
internet, the rules that decide are those whose source covers every internet address: `*`, the
`Internet` service tag, `0.0.0.0/0` or `::/0` (in sourceAddressPrefix or the augmented
sourceAddressPrefixes). A narrower source (a CIDR, another service tag such as VirtualNetwork or
AzureLoadBalancer, an application security group) decides only for part of the traffic and leaves the
rest of the internet to the later rules. So the first whole-internet rule matching the protocol and
port wins: a Deny at priority 200 shadows an Allow at 300, and the default DenyAllInBound (65500)
closes whatever no earlier rule opened. The internet may also come in pieces: source prefixes that
together make 0.0.0.0/0 (or ::/0), in one rule or in several Allow rules, are the whole internet
(an Allow counts unless earlier Deny rules together cover all its prefixes); the verdict names them all.

Protocols: `*` matches all; `Tcp` and `Udp` match their own; `Icmp`, `Esp`, `Ah` open no port. Ports:
destinationPortRange (`*`, `22`, `1000-2000`) or the augmented destinationPortRanges list.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Iterable

from srmscan.analysis import address_space

WHOLE_INTERNET_TAGS = {"*", "internet", "any"}
PORTS = range(0, 65536)


@dataclass(frozen=True)
class Rule:
    name: str
    priority: int
    access: str          # "allow" / "deny"
    protocol: str        # "*", "tcp", "udp", ...
    ports: tuple[tuple[int, int], ...]   # inclusive ranges
    whole_internet: bool
    networks: tuple = ()                 # the source prefixes that are CIDRs (service tags are not)

    def matches(self, protocol: str, port: int) -> bool:
        return (self.protocol in ("*", protocol)) and any(low <= port <= high for low, high in self.ports)

    def describe(self) -> str:
        ports = ", ".join(str(low) if low == high else ("*" if (low, high) == (0, 65535) else f"{low}-{high}")
                          for low, high in self.ports)
        return f"{self.name} (priority {self.priority}): {self.access} {self.protocol} {ports} from the internet"


def inbound_rules(security_rules: Iterable[dict[str, Any]]) -> list[Rule]:
    """The NSG's inbound rules (custom and default, as ARM returns them: {name, properties}), in the
    order Azure evaluates them. Raises ValueError on a rule it cannot read."""
    rules = []
    for entry in security_rules:
        properties = entry.get("properties", entry)
        if str(properties.get("direction", "")).lower() != "inbound":
            continue
        sources = [properties.get("sourceAddressPrefix")] + list(properties.get("sourceAddressPrefixes") or [])
        ports = [properties.get("destinationPortRange")] + list(properties.get("destinationPortRanges") or [])
        networks = tuple(n for s in sources if s and (n := address_space.network(s)) is not None)
        rules.append(Rule(
            name=str(entry.get("name", "?")),
            priority=int(properties["priority"]),
            access=str(properties["access"]).lower(),
            protocol=str(properties.get("protocol", "*")).lower(),
            ports=tuple(_port_range(p) for p in ports if p not in (None, "")),
            whole_internet=any(_whole_internet(s) for s in sources if s) or bool(address_space.whole_families(networks)),
            networks=networks,
        ))
    return sorted(rules, key=lambda rule: rule.priority)


def reachable(rules: list[Rule], protocol: str, port: int) -> Rule | None:
    """The Allow rule through which the whole internet reaches (protocol, port), or None; several Allow
    rules whose prefixes together are the whole internet come back as one rule naming them all."""
    denied, pieces = [], []
    for rule in rules:
        if not rule.matches(protocol, port):
            continue
        if rule.whole_internet:
            return rule if rule.access == "allow" else None
        if rule.access != "allow":
            denied += rule.networks
        elif rule.networks and not all(address_space.contains(denied, n) for n in rule.networks):
            pieces.append(rule)
            if address_space.whole_families(n for piece in pieces for n in piece.networks):
                return Rule(" + ".join(p.name for p in pieces), pieces[0].priority, "allow", rule.protocol,
                            rule.ports, True, tuple(n for piece in pieces for n in piece.networks))
    return None


def reachable_ports(rules: list[Rule], protocol: str) -> list[tuple[int, int, Rule]]:
    """Every port range of `protocol` the whole internet reaches, with the rule that opens it: each
    segment between the rules' range boundaries is decided as one port."""
    edges = {PORTS.start, PORTS.stop}
    for rule in rules:
        for low, high in rule.ports:
            edges.update((low, high + 1))
    bounds = sorted(e for e in edges if PORTS.start <= e <= PORTS.stop)
    opened = []
    for low, stop in zip(bounds, bounds[1:]):
        rule = reachable(rules, protocol, low)
        if rule is not None:
            if opened and opened[-1][2] == rule and opened[-1][1] == low - 1:
                opened[-1] = (opened[-1][0], stop - 1, rule)
            else:
                opened.append((low, stop - 1, rule))
    return opened


def _port_range(value: Any) -> tuple[int, int]:
    text = str(value).strip()
    if text in ("*", "any", "Any"):
        return (PORTS.start, PORTS.stop - 1)
    low, _, high = text.partition("-")
    low_port, high_port = int(low), int(high or low)
    if not (PORTS.start <= low_port <= high_port < PORTS.stop):
        raise ValueError(f"port range {text!r} is not within 0-65535")
    return (low_port, high_port)


def _whole_internet(source: str) -> bool:
    text = str(source).strip()
    if text.lower() in WHOLE_INTERNET_TAGS:
        return True
    try:
        return ipaddress.ip_network(text, strict=False).prefixlen == 0
    except ValueError:
        return False   # another service tag (VirtualNetwork, AzureLoadBalancer, Storage.WestEurope ...)
