"""Azure NSG rule semantics (srmscan.analysis.azure_nsg): priority order, whole-internet sources,
protocols and port ranges, as table tests. The checks' verdicts on one NSG per edge case are in
fixtures/checks/azure_network_cases.json."""

from __future__ import annotations

import pytest

from srmscan.analysis.azure_nsg import inbound_rules, reachable, reachable_ports


def rule(name, priority, access, protocol, source, ports, direction="Inbound"):
    many_sources, many_ports = isinstance(source, list), isinstance(ports, list)
    return {"name": name, "properties": {
        "priority": priority, "access": access, "protocol": protocol, "direction": direction,
        **({"sourceAddressPrefixes": source} if many_sources else {"sourceAddressPrefix": source}),
        **({"destinationPortRanges": ports} if many_ports else {"destinationPortRange": ports})}}


DEFAULT_DENY = rule("DenyAllInBound", 65500, "Deny", "*", "*", "*")


@pytest.mark.parametrize("rules, protocol, port, opened_by", [
    ([rule("a", 300, "Allow", "Tcp", "*", "22"), rule("d", 200, "Deny", "Tcp", "Internet", "22")], "tcp", 22, None),
    ([rule("a", 100, "Allow", "Tcp", "Internet", "22"), rule("d", 200, "Deny", "*", "*", "*")], "tcp", 22, "a"),
    ([rule("d", 100, "Deny", "Tcp", "198.51.100.0/24", "22"), rule("a", 200, "Allow", "Tcp", "*", "22")], "tcp", 22, "a"),
    ([rule("a", 100, "Allow", "Tcp", "0.0.0.0/0", "20-25")], "tcp", 22, "a"),
    ([rule("a", 100, "Allow", "Tcp", "0.0.0.0/0", "20-21")], "tcp", 22, None),
    ([rule("a", 100, "Allow", "Tcp", ["10.0.0.0/8", "::/0"], ["80", "3389"])], "tcp", 3389, "a"),
    ([rule("a", 100, "Allow", "Tcp", ["10.0.0.0/8", "192.168.0.0/16"], "*")], "tcp", 22, None),
    ([rule("a", 100, "Allow", "Udp", "*", "22")], "tcp", 22, None),
    ([rule("a", 100, "Allow", "*", "*", "22")], "udp", 22, "a"),
    ([rule("a", 100, "Allow", "Icmp", "*", "*")], "tcp", 22, None),
    ([rule("a", 100, "Allow", "Tcp", "VirtualNetwork", "*"), rule("b", 110, "Allow", "Tcp", "AzureLoadBalancer", "*")],
     "tcp", 22, None),
    ([rule("a", 100, "Allow", "Tcp", "*", "22", "Outbound")], "tcp", 22, None),
    ([rule("a", 4096, "Allow", "Tcp", "*", "*"), rule("d", 100, "Deny", "Tcp", "*", "3389")], "tcp", 22, "a"),
    # The internet in pieces: prefixes that together make 0.0.0.0/0, in one rule or across Allow rules.
    ([rule("a", 100, "Allow", "Tcp", ["0.0.0.0/1", "128.0.0.0/1"], "22")], "tcp", 22, "a"),
    ([rule("a", 100, "Allow", "Tcp", "0.0.0.0/1", "22"), rule("b", 110, "Allow", "*", "128.0.0.0/1", "*")],
     "tcp", 22, "a + b"),
    ([rule("a", 100, "Allow", "Tcp", "0.0.0.0/1", "22"), rule("b", 110, "Allow", "Tcp", "128.0.0.0/1", "23")],
     "tcp", 22, None),
    ([rule("d", 90, "Deny", "Tcp", "0.0.0.0/1", "22"), rule("a", 100, "Allow", "Tcp", "0.0.0.0/1", "22"),
      rule("b", 110, "Allow", "Tcp", "128.0.0.0/1", "22")], "tcp", 22, None),
    ([rule("a", 100, "Allow", "Tcp", "0.0.0.0/1", "22"), rule("d", 105, "Deny", "Tcp", "Internet", "22"),
      rule("b", 110, "Allow", "Tcp", "128.0.0.0/1", "22")], "tcp", 22, None),
    ([rule("a", 100, "Allow", "Tcp", "::/1", "22"), rule("b", 110, "Allow", "Tcp", "8000::/1", "22")],
     "tcp", 22, "a + b"),
])
def test_the_first_whole_internet_rule_by_priority_decides(rules, protocol, port, opened_by):
    found = reachable(inbound_rules(rules + [DEFAULT_DENY]), protocol, port)
    assert (found.name if found else None) == opened_by


def test_open_udp_ranges_are_merged_and_named_by_their_rule():
    rules = inbound_rules([rule("deny-low", 100, "Deny", "*", "Internet", "0-1000"),
                           rule("dns", 150, "Allow", "Udp", "*", "53"),
                           rule("allow-all", 200, "Allow", "*", "*", "*"), DEFAULT_DENY])
    assert [(low, high, r.name) for low, high, r in reachable_ports(rules, "udp")] == [(1001, 65535, "allow-all")]


@pytest.mark.parametrize("bad", [{"name": "x", "properties": {"direction": "Inbound", "access": "Allow"}},
                                 rule("x", 100, "Allow", "Tcp", "*", "70000"),
                                 rule("x", 100, "Allow", "Tcp", "*", "30-20")])
def test_unreadable_rules_are_refused(bad):
    with pytest.raises((KeyError, ValueError)):
        inbound_rules([bad])
