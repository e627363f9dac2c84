"""Is a TCP/UDP port of a VPC network reachable from the whole internet through its VPC firewall rules?

Semantics (cloud.google.com/firewall/docs/firewalls): only enabled INGRESS rules count; a lower `priority`
number wins, and at equal priority a deny rule wins over an allow rule; every network ends with an implied
deny of all ingress. A rule's source matches when any of its source ranges, source tags or source service
accounts matches (an ingress rule with none of them has the source 0.0.0.0/0). A rule lists protocols as
`IPProtocol` names or numbers (`all` = every protocol), each with `ports` (none = every port).

"From the internet" means every address of an IP family: the rule's source ranges of that family collapse
to 0.0.0.0/0 (or ::/0), or, across rules, the ranges of several allow rules reaching the same instances
(rules for all instances, plus those of one target tag or service account) together do: 0.0.0.0/1 in one
rule and 128.0.0.0/1 in another. An allow rule adds its ranges to that union unless deny rules of at
least its precedence reaching those instances cover every one of its ranges (srmscan.analysis.address_space). An allow rule exposes the port unless, for each family it opens, deny rules of
at least its precedence cover the port from every address of that family and every instance it targets:
rules for all instances cover anything; target tags (or service accounts) cover the instances bearing
them, so their union must include each of the allow rule's. A deny with destination ranges only covers
some addresses and shadows nothing. Hierarchical and network firewall policies are not part of this.
"""

from __future__ import annotations

from typing import Any

from srmscan.analysis import address_space

PROTOCOL_NUMBERS = {"6": "tcp", "17": "udp", "1": "icmp", "132": "sctp", "50": "esp", "51": "ah"}
DEFAULT_PRIORITY = 1000


def _protocol(entry: dict[str, Any]) -> str:
    name = str(entry.get("IPProtocol", "")).lower()
    return PROTOCOL_NUMBERS.get(name, name)


def rule_covers_port(rule: dict[str, Any], action: str, protocol: str, port: int) -> bool:
    for entry in rule.get(action) or []:
        if _protocol(entry) not in ("all", protocol):
            continue
        ports = entry.get("ports") or []
        if not ports or _protocol(entry) == "all":
            return True
        for spec in ports:
            low, _, high = str(spec).partition("-")
            if low.strip().isdigit() and int(low) <= port <= int(high or low):
                return True
    return False


def internet_families(rule: dict[str, Any]) -> set[int]:
    """The IP families (4, 6) from whose every address the rule's source matches."""
    return set(address_space.whole_families(_networks(rule)))


def _networks(rule: dict[str, Any]) -> list:
    """The rule's source ranges as networks (no ranges and no other source: 0.0.0.0/0)."""
    ranges = rule.get("sourceRanges")
    if not ranges and not rule.get("sourceTags") and not rule.get("sourceServiceAccounts"):
        ranges = ["0.0.0.0/0"]
    return [n for value in ranges or [] if (n := address_space.network(value)) is not None]


def _targets(rule: dict[str, Any]) -> tuple[str, frozenset[str]]:
    if rule.get("targetServiceAccounts"):
        return "service_accounts", frozenset(rule["targetServiceAccounts"])
    if rule.get("targetTags"):
        return "tags", frozenset(rule["targetTags"])
    return "all", frozenset()


def _ingress(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rules if str(r.get("direction", "INGRESS")).upper() == "INGRESS" and not r.get("disabled")]


def _priority(rule: dict[str, Any]) -> int:
    return int(rule.get("priority", DEFAULT_PRIORITY))


def _shadowed(allow: dict[str, Any], family: int, denies: list[dict[str, Any]]) -> list[str]:
    """Names of the deny rules that together block `allow` for `family`, or [] when they do not."""
    kind, targets = _targets(allow)
    covered: set[str] = set()
    names = []
    for deny in denies:
        if _priority(deny) > _priority(allow) or deny.get("destinationRanges") or family not in internet_families(deny):
            continue
        deny_kind, deny_targets = _targets(deny)
        if deny_kind == "all":
            return [deny.get("name", "")]
        if deny_kind == kind and deny_targets & targets:
            covered |= deny_targets
            names.append(deny.get("name", ""))
            if targets <= covered:
                return names
    return []


def internet_exposure(rules: list[dict[str, Any]], protocol: str, port: int) -> dict[str, Any]:
    """Which allow rules open `protocol`/`port` to the whole internet, and which were shadowed by what."""
    ingress = _ingress(rules)
    denies = sorted((r for r in ingress if rule_covers_port(r, "denied", protocol, port)), key=_priority)
    open_rules, shadowed = [], []
    for allow in sorted((r for r in ingress if rule_covers_port(r, "allowed", protocol, port)), key=_priority):
        for family in sorted(internet_families(allow)):
            blockers = _shadowed(allow, family, denies)
            entry = {"rule": allow.get("name", ""), "priority": _priority(allow), "family": f"IPv{family}",
                     "targets": _describe_targets(allow)}
            if blockers:
                shadowed.append({**entry, "denied_by": blockers})
            else:
                open_rules.append(entry)
    return {"open_by": open_rules + _open_in_pieces(ingress, denies, protocol, port, open_rules), "shadowed": shadowed}


def _reaches(rule: dict[str, Any], target: tuple[str, str] | None) -> bool:
    """Does the rule apply to instances of `target` (None: instances with no tag or account of the rules)?"""
    kind, targets = _targets(rule)
    return kind == "all" or (target is not None and kind == target[0] and target[1] in targets)


def _open_in_pieces(ingress: list[dict[str, Any]], denies: list[dict[str, Any]], protocol: str, port: int,
                    already: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Allow rules none of which is open on its own, whose ranges together are the whole internet for the same
    instances: one entry naming them all."""
    allows = sorted((r for r in ingress if rule_covers_port(r, "allowed", protocol, port)), key=_priority)
    keys = {None} | {(kind, t) for r in allows for kind, ts in [_targets(r)] if kind != "all" for t in ts}
    found = []
    for target in sorted(keys, key=lambda k: ("",) if k is None else k):
        for family in address_space.FAMILIES:
            counted, networks = [], []
            for allow in (r for r in allows if _reaches(r, target)):
                own = [n for n in _networks(allow) if n.version == family]
                blocking = [n for deny in denies if _priority(deny) <= _priority(allow) and _reaches(deny, target)
                            and not deny.get("destinationRanges") for n in _networks(deny)]
                if own and not all(address_space.contains(blocking, n) for n in own):
                    counted.append(allow)
                    networks += own
            names = [r.get("name", "") for r in counted]
            if len(counted) > 1 and address_space.covers_family(networks, family) and \
                    not any(e["rule"] in names and e["family"] == f"IPv{family}" for e in already + found):
                found.append({"rule": " + ".join(names), "priority": min(_priority(r) for r in counted),
                              "family": f"IPv{family}", "targets": "all instances" if target is None
                              else f"{target[0].replace('_', ' ')} {target[1]}"})
    return found


def _describe_targets(rule: dict[str, Any]) -> str:
    kind, targets = _targets(rule)
    return "all instances" if kind == "all" else f"{kind.replace('_', ' ')} {', '.join(sorted(targets))}"


IAP_RANGE = "35.235.240.0/20"   # where Identity-Aware Proxy's TCP forwarding connects from
# IPv4 ranges that are not the internet: RFC 1918, RFC 6598 shared address space, and IAP's
NOT_PUBLIC_V4 = tuple(address_space.network(r) for r in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                                         "100.64.0.0/10", IAP_RANGE))


def _public(source) -> bool:
    """A source range reaching beyond the private address spaces and IAP's (IPv6: beyond unique local)."""
    if source.version == 4:
        return not any(source.subnet_of(n) for n in NOT_PUBLIC_V4)
    return not source.is_private


def sources_besides_iap(rules: list[dict[str, Any]], protocol: str, port: int) -> list[dict[str, Any]]:
    """The allow rules that let a public range other than IAP's reach `protocol`/`port`, each with those ranges,
    leaving out ranges a higher-priority deny covering every target of the rule blocks."""
    ingress = _ingress(rules)
    denies = [r for r in ingress if rule_covers_port(r, "denied", protocol, port) and not r.get("destinationRanges")]
    found = []
    for allow in sorted((r for r in ingress if rule_covers_port(r, "allowed", protocol, port)), key=_priority):
        kind, targets = _targets(allow)
        blocking = [_networks(d) for d in denies if _priority(d) <= _priority(allow)
                    and (_targets(d)[0] == "all" or (_targets(d)[0] == kind and targets <= _targets(d)[1]))]
        public = [str(n) for n in _networks(allow) if _public(n)
                  and not any(address_space.contains(blocked, n) for blocked in blocking)]
        if public:
            found.append({"rule": allow.get("name", ""), "sources": public, "targets": _describe_targets(allow)})
    return found
