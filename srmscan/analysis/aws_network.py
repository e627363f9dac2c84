"""Who on the internet can reach which port: security group and network ACL rule semantics.

Security groups (stateful, allow-only): an inbound permission admits a port when its protocol is all (-1)
or the port's protocol with a FromPort..ToPort range containing the port. The port is open to the
internet when the IPv4 (or IPv6) ranges of all the permissions admitting it together hold every address
of the family: 0.0.0.0/0 in one rule, or 0.0.0.0/1 in one and 128.0.0.0/1 in another
(srmscan.analysis.address_space). References to other security groups and prefix lists are not the
internet; ICMP opens no port.

Network ACLs (stateless, ordered): inbound entries are evaluated in ascending rule number and the first
entry matching the packet decides. An ALLOW entry counts unless the DENY entries before it (one or
several together) cover its whole range: it is then shadowed for every address it names. A DENY of part
of the space (198.51.100.0/24) before an ALLOW of 0.0.0.0/0 leaves the rest of the internet to that
ALLOW, which still admits the internet. The port is open when the ALLOW entries that count together
hold every address of the family. Rule 32767 is the implicit final DENY.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from srmscan.analysis import address_space

# (protocol, port) -> service. The CIS recommendations name SSH and RDP; the other common remote
# administration ports are judged by a check of their own, so a CIS verdict means exactly what CIS says.
REMOTE_ADMINISTRATION = {("tcp", 22): "SSH", ("tcp", 3389): "RDP"}
OTHER_ADMINISTRATION = {("tcp", 23): "Telnet", ("tcp", 5900): "VNC", ("tcp", 5985): "WinRM",
                        ("tcp", 5986): "WinRM over HTTPS", ("udp", 3389): "RDP over UDP"}
CIFS = {("tcp", 445): "CIFS/SMB"}
PROTOCOLS = {"-1": "all", "all": "all", "6": "tcp", "tcp": "tcp", "17": "udp", "udp": "udp"}
FAMILIES = {"ipv4": "0.0.0.0/0", "ipv6": "::/0"}
FAMILY_NUMBER = {"ipv4": 4, "ipv6": 6}


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
    """The (protocol, port) pairs of `ports` that the inbound permissions together open to the whole internet."""
    key = "IpRanges" if family == "ipv4" else "Ipv6Ranges"
    cidr_key = "CidrIp" if family == "ipv4" else "CidrIpv6"
    found = []
    for (port_protocol, port), service in sorted(ports.items()):
        admitting = []   # (cidr text, network, how the rule reads)
        for permission in ingress or []:
            protocol = _protocol(permission.get("IpProtocol"))
            low, high = permission.get("FromPort"), permission.get("ToPort")
            if protocol == "other" or not (protocol == "all" or (protocol == port_protocol and _in_range(port, low, high))):
                continue
            for entry in permission.get(key) or []:
                network = address_space.network(entry.get(cidr_key)) if entry.get(cidr_key) else None
                if network is not None and network.version == FAMILY_NUMBER[family]:
                    admitting.append((entry.get(cidr_key), network, _describe(protocol, low, high)))
        opened = _open_port(port_protocol, port, service, admitting, FAMILY_NUMBER[family])
        if opened:
            found.append(opened)
    return found


def _open_port(port_protocol: str, port: int, service: str, admitting: list[tuple[str, Any, str]],
               family: int) -> OpenPort | None:
    """The port as open to the whole internet when the admitting (cidr, network, rule) entries make the whole
    space: through the first /0 if there is one, else through all of them together."""
    opened = address_space.whole_space_of(admitting, lambda entry: entry[1], family)
    if opened and opened[0][1].prefixlen == 0:
        opened = opened[:1]
    if not opened:
        return None
    return OpenPort(port_protocol, port, service, " + ".join(cidr for cidr, _, _ in opened),
                    "; ".join(f"{rule} from {cidr}" for cidr, _, rule in opened))


def network_acl_open_ports(entries: list[dict], ports: dict = REMOTE_ADMINISTRATION) -> list[OpenPort]:
    """The ports of `ports` that the ACL's inbound entries let in from the whole internet (IPv4 or IPv6)."""
    inbound = sorted((e for e in entries or [] if not e.get("Egress")), key=lambda e: int(e.get("RuleNumber", 32767)))
    found = []
    for family in FAMILIES:
        cidr_key = "CidrBlock" if family == "ipv4" else "Ipv6CidrBlock"
        number = FAMILY_NUMBER[family]
        for (port_protocol, port), service in sorted(ports.items()):
            denied, admitting = [], []
            for entry in inbound:
                network = address_space.network(entry.get(cidr_key)) if entry.get(cidr_key) else None
                if network is None or network.version != number or not _acl_entry_matches(entry, port_protocol, port):
                    continue
                if entry.get("RuleAction") != "allow":
                    denied.append(network)
                elif not address_space.contains(denied, network):
                    range_ = entry.get("PortRange") or {}
                    admitting.append((entry.get(cidr_key), network,
                                      f"rule {entry.get('RuleNumber')} allow "
                                      f"{_describe(_protocol(entry.get('Protocol')), range_.get('From'), range_.get('To'))}"))
            opened = _open_port(port_protocol, port, service, admitting, number)
            if opened:
                found.append(opened)
    return found


def _acl_entry_matches(entry: dict, protocol: str, port: int) -> bool:
    entry_protocol = _protocol(entry.get("Protocol"))
    if entry_protocol == "all":
        return True
    if entry_protocol != protocol:
        return False
    range_ = entry.get("PortRange") or {}
    return _in_range(port, range_.get("From"), range_.get("To"))
