"""Table tests: security group and network ACL semantics (ports, protocols, ranges, sources, rule order)."""

import pytest

from srmscan.analysis.aws_network import network_acl_open_ports, security_group_open_ports

V4, V6 = [{"CidrIp": "0.0.0.0/0"}], [{"CidrIpv6": "::/0"}]


def perm(protocol, low=None, high=None, v4=(), v6=(), groups=(), prefixes=()):
    p = {"IpProtocol": protocol, "IpRanges": list(v4), "Ipv6Ranges": list(v6),
         "UserIdGroupPairs": [{"GroupId": g} for g in groups], "PrefixListIds": [{"PrefixListId": x} for x in prefixes]}
    if low is not None:
        p.update(FromPort=low, ToPort=high)
    return p


SG_CASES = [
    # name, permissions, family, expected open (protocol, port)
    ("ssh exact", [perm("tcp", 22, 22, V4)], "ipv4", {("tcp", 22)}),
    ("range covering both", [perm("tcp", 0, 65535, V4)], "ipv4", {("tcp", 22), ("tcp", 3389)}),
    ("range edge low", [perm("tcp", 22, 80, V4)], "ipv4", {("tcp", 22)}),
    ("range edge high", [perm("tcp", 3000, 3389, V4)], "ipv4", {("tcp", 3389)}),
    ("range just above", [perm("tcp", 23, 3388, V4)], "ipv4", set()),
    ("all protocols", [perm("-1", v4=V4)], "ipv4", {("tcp", 22), ("tcp", 3389)}),
    ("numeric tcp", [perm("6", 22, 22, V4)], "ipv4", {("tcp", 22)}),
    ("udp 22 is not ssh", [perm("udp", 22, 22, V4)], "ipv4", set()),
    ("icmp never", [perm("icmp", -1, -1, V4)], "ipv4", set()),
    ("icmpv6 never", [perm("58", -1, -1, v6=V6)], "ipv6", set()),
    ("narrow cidr", [perm("tcp", 22, 22, [{"CidrIp": "203.0.113.0/24"}])], "ipv4", set()),
    ("half the internet is not 0/0", [perm("tcp", 22, 22, [{"CidrIp": "0.0.0.0/1"}])], "ipv4", set()),
    ("non-canonical 0/0", [perm("tcp", 22, 22, [{"CidrIp": "10.0.0.0/0"}])], "ipv4", {("tcp", 22)}),
    ("group reference", [perm("tcp", 22, 22, groups=["sg-1"])], "ipv4", set()),
    ("prefix list", [perm("tcp", 22, 22, prefixes=["pl-1"])], "ipv4", set()),
    ("ipv6 rule seen by ipv6 only", [perm("tcp", 3389, 3389, v6=V6)], "ipv4", set()),
    ("ipv6 rule", [perm("tcp", 3389, 3389, v6=V6)], "ipv6", {("tcp", 3389)}),
    ("ipv4 rule not ipv6", [perm("tcp", 22, 22, V4)], "ipv6", set()),
    ("several permissions", [perm("tcp", 80, 80, V4), perm("tcp", 3389, 3389, V4)], "ipv4", {("tcp", 3389)}),
    # The internet in pieces: the union of every range admitting the port counts, across rules.
    ("two halves in one rule", [perm("tcp", 22, 22, [{"CidrIp": "0.0.0.0/1"}, {"CidrIp": "128.0.0.0/1"}])], "ipv4",
     {("tcp", 22)}),
    ("two halves in two rules", [perm("tcp", 22, 22, [{"CidrIp": "0.0.0.0/1"}]),
                                 perm("tcp", 20, 30, [{"CidrIp": "128.0.0.0/1"}])], "ipv4", {("tcp", 22)}),
    ("halves through all-protocol rule", [perm("-1", v4=[{"CidrIp": "128.0.0.0/1"}]),
                                          perm("tcp", 3389, 3389, [{"CidrIp": "0.0.0.0/1"}])], "ipv4", {("tcp", 3389)}),
    ("halves for different ports", [perm("tcp", 22, 22, [{"CidrIp": "0.0.0.0/1"}]),
                                    perm("tcp", 3389, 3389, [{"CidrIp": "128.0.0.0/1"}])], "ipv4", set()),
    ("a gap of one /32", [perm("tcp", 22, 22, [{"CidrIp": "0.0.0.0/1"}, {"CidrIp": "128.0.0.0/2"},
                                               {"CidrIp": "192.0.0.0/3"}, {"CidrIp": "224.0.0.0/4"},
                                               {"CidrIp": "240.0.0.0/5"}, {"CidrIp": "248.0.0.0/6"}])], "ipv4", set()),
    ("ipv6 halves", [perm("tcp", 22, 22, v6=[{"CidrIpv6": "::/1"}]), perm("tcp", 22, 22, v6=[{"CidrIpv6": "8000::/1"}])],
     "ipv6", {("tcp", 22)}),
    ("ipv6 halves are not ipv4", [perm("tcp", 22, 22, v6=[{"CidrIpv6": "::/1"}, {"CidrIpv6": "8000::/1"}])], "ipv4",
     set()),
]


@pytest.mark.parametrize("name,permissions,family,expected", SG_CASES, ids=[c[0] for c in SG_CASES])
def test_security_group_ports(name, permissions, family, expected):
    assert {(p.protocol, p.port) for p in security_group_open_ports(permissions, family)} == expected


def entry(number, action, protocol="6", low=None, high=None, cidr="0.0.0.0/0", egress=False, v6=False):
    e = {"RuleNumber": number, "RuleAction": action, "Protocol": protocol, "Egress": egress}
    e["Ipv6CidrBlock" if v6 else "CidrBlock"] = cidr
    if low is not None:
        e["PortRange"] = {"From": low, "To": high}
    return e


DEFAULT_DENY = [entry(32767, "deny", "-1"), entry(32768, "deny", "-1", cidr="::/0", v6=True)]
ACL_CASES = [
    ("default deny only", DEFAULT_DENY, set()),
    ("allow all", [entry(100, "allow", "-1")] + DEFAULT_DENY, {("tcp", 22), ("tcp", 3389)}),
    ("deny before allow", [entry(90, "deny", "6", 22, 22), entry(100, "allow", "-1")] + DEFAULT_DENY, {("tcp", 3389)}),
    ("allow before deny", [entry(100, "allow", "6", 22, 22), entry(200, "deny", "6", 22, 22)] + DEFAULT_DENY, {("tcp", 22)}),
    ("order is by number, not by list position",
     [entry(200, "allow", "-1"), entry(100, "deny", "6", 0, 65535)] + DEFAULT_DENY, set()),
    ("narrow deny does not shadow for the internet",
     [entry(90, "deny", "6", 22, 22, cidr="198.51.100.0/24"), entry(100, "allow", "6", 22, 22)] + DEFAULT_DENY,
     {("tcp", 22)}),
    ("narrow allow is not from anywhere", [entry(100, "allow", "6", 22, 22, cidr="10.0.0.0/8")] + DEFAULT_DENY, set()),
    ("egress rules do not count", [entry(100, "allow", "-1", egress=True)] + DEFAULT_DENY, set()),
    ("udp allow opens no tcp port", [entry(100, "allow", "17", 0, 65535)] + DEFAULT_DENY, set()),
    ("ipv6 allow", [entry(100, "allow", "6", 3389, 3389, cidr="::/0", v6=True)] + DEFAULT_DENY, {("tcp", 3389)}),
    ("two allowed halves", [entry(100, "allow", "6", 22, 22, cidr="0.0.0.0/1"),
                            entry(110, "allow", "-1", cidr="128.0.0.0/1")] + DEFAULT_DENY, {("tcp", 22)}),
    ("halves denied before the allow", [entry(80, "deny", "6", 0, 65535, cidr="0.0.0.0/1"),
                                        entry(85, "deny", "-1", cidr="128.0.0.0/1"),
                                        entry(100, "allow", "-1")] + DEFAULT_DENY, set()),
    ("one half denied before the allow leaves the other", [entry(80, "deny", "6", 22, 22, cidr="0.0.0.0/1"),
                                                          entry(100, "allow", "6", 22, 22)] + DEFAULT_DENY,
     {("tcp", 22)}),
    ("an allowed half shadowed by an earlier deny", [entry(80, "deny", "-1", cidr="0.0.0.0/1"),
                                                     entry(100, "allow", "-1", cidr="0.0.0.0/1"),
                                                     entry(110, "allow", "-1", cidr="128.0.0.0/1")] + DEFAULT_DENY,
     set()),
    ("ipv4 deny does not close ipv6",
     [entry(90, "deny", "-1"), entry(100, "allow", "-1", cidr="::/0", v6=True)] + DEFAULT_DENY,
     {("tcp", 22), ("tcp", 3389)}),
]


@pytest.mark.parametrize("name,entries,expected", ACL_CASES, ids=[c[0] for c in ACL_CASES])
def test_network_acl_rule_order(name, entries, expected):
    assert {(p.protocol, p.port) for p in network_acl_open_ports(entries)} == expected
