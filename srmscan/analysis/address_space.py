"""Sets of IP addresses, so that "the whole internet" is recognised however it is cut into pieces.

0.0.0.0/0 is the whole IPv4 space, and so are 0.0.0.0/1 + 128.0.0.0/1, or the firewall ranges
0.0.0.0-127.255.255.255 and 128.0.0.0-255.255.255.255 given as two rules. Every network judgement that
asks "from the whole internet?" asks it of the union of the ranges that allow, through this module.
"""

from __future__ import annotations

import ipaddress
from typing import Callable, Iterable, TypeVar, Union

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
Item = TypeVar("Item")
FAMILIES = (4, 6)
LAST = {4: 2 ** 32 - 1, 6: 2 ** 128 - 1}
WHOLE_TEXT = {4: "0.0.0.0/0", 6: "::/0"}


def network(value: object) -> Network | None:
    """A CIDR (or a single address), or None when the value is not one (a tag, a name, garbage)."""
    try:
        return ipaddress.ip_network(str(value).strip(), strict=False)
    except ValueError:
        return None


def address_range(start: object, end: object) -> list[Network]:
    """The networks of an inclusive start..end address range (Azure SQL firewall rules), [] if not one."""
    try:
        first, last = ipaddress.ip_address(str(start).strip()), ipaddress.ip_address(str(end).strip())
    except ValueError:
        return []
    if first.version != last.version or first > last:
        return []
    return list(ipaddress.summarize_address_range(first, last))


def _merged(networks: Iterable[Network], family: int) -> list[tuple[int, int]]:
    spans = sorted((int(n.network_address), int(n.broadcast_address)) for n in networks if n.version == family)
    merged: list[tuple[int, int]] = []
    for low, high in spans:
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def covers_family(networks: Iterable[Network], family: int) -> bool:
    """Do the networks together hold every address of the family?"""
    return _merged(networks, family) == [(0, LAST[family])]


def whole_families(networks: Iterable[Network]) -> list[int]:
    """The families (4, 6) whose every address the networks together hold."""
    networks = list(networks)
    return [family for family in FAMILIES if covers_family(networks, family)]


def contains(outer: Iterable[Network], inner: Network) -> bool:
    """Is every address of `inner` in the union of `outer`?"""
    low, high = int(inner.network_address), int(inner.broadcast_address)
    return any(start <= low and high <= end for start, end in _merged(outer, inner.version))


def whole_space_of(items: list[Item], network_of: Callable[[Item], Network], family: int | None = None) -> list[Item]:
    """The items (rules, ranges) that give the whole address space of `family` (of either family when None):
    those that are a /0 on their own if any, else all of them when together they hold every address, else []."""
    chosen = [item for item in items if family is None or network_of(item).version == family]
    whole = [item for item in chosen if network_of(item).prefixlen == 0]
    if whole:
        return whole
    networks = [network_of(item) for item in chosen]
    covered = covers_family(networks, family) if family is not None else bool(whole_families(networks))
    return chosen if covered else []
