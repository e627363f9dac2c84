"""Who on the internet can reach which port: security group and network ACL rule semantics.

Security groups (stateful, allow-only): an inbound permission opens a port to the internet when its
protocol is all (-1) or the port's protocol with a FromPort..ToPort range containing the port, and
one of its IPv4 / IPv6 ranges is the whole address space (0.0.0.0/0, ::/0: prefix length 0).
References to other security groups and prefix lists are not the internet; ICMP opens no port.

Network ACLs (stateless, ordered): inbound entries are evaluated in ascending rule number and the
first entry matching the packet decides. For traffic from anywhere on the internet the entries that
decide are those whose CIDR is the whole address space: the first such entry matching the protocol
and port wins, so an earlier DENY shadows a later ALLOW; entries for narrower ranges decide only for
part of the internet, leaving the rest to the later whole-space entry. Rule 32767 is the implicit
final DENY.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

# (protocol, port) -> service. The CIS recommendations name SSH and RDP; the other common remote
# administration ports are judged by a check of their own, so a CIS verdict means exactly what CIS says.
REMOTE_ADMINISTRATION = {("tcp", 22): "SSH", ("tcp", 3389): "RDP"}
OTHER_ADMINISTRATION = {("tcp", 23): "Telnet", ("tcp", 5900): "VNC", ("tcp", 5985): "WinRM",
                        ("tcp", 5986): "WinRM over HTTPS", ("udp", 3389): "RDP over UDP"}
CIFS = {("tcp", 445): "CIFS/SMB"}
PROTOCOLS = {"-1": "all", "all": "all", "6": "tcp", "tcp": "tcp", "17": "udp", "udp": "udp"}
FAMILIES = {"ipv4": "0.0.0.0/0", "ipv6": "::/0"}


@dataclass(frozen=True)
class OpenPort:
    protocol: str
    port: int
    service: str
    source: str
    rule: str    # how the rule reads, for evidence

    def to_json(self) -> dict:
        return {"protocol": self.protocol, "port": self.port, "service": self.service, "source": self.source,
                "rule": self.rule}


def _protocol(value) -> str:
    return PROTOCOLS.get(str(value).lower(), "other")


def _whole_space(cidr: str | None, family: str) -> bool:
    if not cidr:
        return False
    try:
        network = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False
    return network.prefixlen == 0 and network.version == (4 if family == "ipv4" else 6)


def _in_range(port: int, low, high) -> bool:
    if low is None or high is None or int(low) == -1:
        return True   # no range given: every port of the protocol
    return int(low) <= port <= int(high)


def _describe(protocol: str, low, high) -> str:
    if protocol == "all":
        return "all traffic"
    if low is None or high is None or int(low) == -1:
        return f"{protocol} all ports"
    return f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}"


def security_group_open_ports(ingress: list[dict], family: str, ports: dict = REMOTE_ADMINISTRATION) -> list[OpenPort]:
    """The (protocol, port) pairs of `ports` that the inbound permissions open to the whole internet."""
    found = []
    key = "IpRanges" if family == "ipv4" else "Ipv6Ranges"
    cidr_key = "CidrIp" if family == "ipv4" else "CidrIpv6"
    for permission in ingress or []:
        protocol = _protocol(permission.get("IpProtocol"))
        if protocol == "other":
            continue
        sources = [r.get(cidr_key) for r in permission.get(key) or [] if _whole_space(r.get(cidr_key), family)]
        if not sources:
            continue
        low, high = permission.get("FromPort"), permission.get("ToPort")
        for (port_protocol, port), service in sorted(ports.items()):
            if protocol in ("all", port_protocol) and (protocol == "all" or _in_range(port, low, high)):
                found.append(OpenPort(port_protocol, port, service, sources[0],
                                      f"{_describe(protocol, low, high)} from {sources[0]}"))
    return found


def network_acl_open_ports(entries: list[dict], ports: dict = REMOTE_ADMINISTRATION) -> list[OpenPort]:
    """The ports of `ports` that the ACL's inbound entries let in from anywhere (IPv4 or IPv6)."""
    inbound = sorted((e for e in entries or [] if not e.get("Egress")), key=lambda e: int(e.get("RuleNumber", 32767)))
    found = []
    for family in FAMILIES:
        cidr_key = "CidrBlock" if family == "ipv4" else "Ipv6CidrBlock"
        whole = [e for e in inbound if _whole_space(e.get(cidr_key), family)]
        for (port_protocol, port), service in sorted(ports.items()):
            deciding = next((e for e in whole if _acl_entry_matches(e, port_protocol, port)), None)
            if deciding is not None and deciding.get("RuleAction") == "allow":
                range_ = deciding.get("PortRange") or {}
                found.append(OpenPort(port_protocol, port, service, deciding.get(cidr_key),
                                      f"rule {deciding.get('RuleNumber')} allow "
                                      f"{_describe(_protocol(deciding.get('Protocol')), range_.get('From'), range_.get('To'))}"
                                      f" from {deciding.get(cidr_key)}"))
    return found


def _acl_entry_matches(entry: dict, protocol: str, port: int) -> bool:
    entry_protocol = _protocol(entry.get("Protocol"))
    if entry_protocol == "all":
        return True
    if entry_protocol != protocol:
        return False
    range_ = entry.get("PortRange") or {}
    return _in_range(port, range_.get("From"), range_.get("To"))
