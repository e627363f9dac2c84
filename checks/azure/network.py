"""Azure network security groups (IaaS): which ports the whole internet reaches, rule priority respected
(srmscan.analysis.azure_nsg)."""

from srmscan.analysis import MalformedData
from srmscan.analysis.azure_nsg import inbound_rules, reachable, reachable_ports
from srmscan.check import check, failed, passed

NSG = "azure.network.security_group"
READS = ("security_rules", "attached_to")
HOW = "Remove the rule or narrow its source to your networks; reach hosts through Azure Bastion or a VPN instead."


def _rules(nsg):
    try:
        return inbound_rules(nsg.config["security_rules"])
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedData(f"unreadable security rule: {exc}") from None


def _ports_verdict(nsg, protocol: str, ports: dict[int, str]):
    rules = _rules(nsg)
    open_ports = {port: rule for port in ports if (rule := reachable(rules, protocol, port)) is not None}
    evidence = {"attached_to": nsg.config["attached_to"]}
    if open_ports:
        opened = [f"{ports[port]} ({protocol}/{port}) through {rule.describe()}" for port, rule in open_ports.items()]
        return failed("open to the internet: " + "; ".join(opened), open=[
            {"port": port, "protocol": protocol, "service": ports[port], "rule": rule.name, "priority": rule.priority}
            for port, rule in open_ports.items()], **evidence)
    return passed(f"no rule opens {', '.join(ports.values())} to the whole internet (first match by priority)",
                  **evidence)


@check(id="azure.network.nsg_rdp_from_internet", severity="high", resource_type=NSG, reads=READS,
       title="Network security group does not open RDP to the internet",
       rationale="RDP open to every internet address is scanned and brute-forced within minutes.",
       remediation=HOW)
def rdp_from_internet(nsg, snapshot):
    return _ports_verdict(nsg, "tcp", {3389: "RDP"})


@check(id="azure.network.nsg_ssh_from_internet", severity="high", resource_type=NSG, reads=READS,
       title="Network security group does not open SSH to the internet",
       rationale="SSH open to every internet address is scanned and brute-forced within minutes.",
       remediation=HOW)
def ssh_from_internet(nsg, snapshot):
    return _ports_verdict(nsg, "tcp", {22: "SSH"})


@check(id="azure.network.nsg_http_from_internet", severity="medium", resource_type=NSG, reads=READS,
       title="Network security group does not open HTTP(S) straight to the internet",
       rationale="Web ports open on VMs bypass a gateway or WAF; publish web services through Application Gateway "
                 "or Front Door and keep the VMs private.",
       remediation="Publish through Application Gateway or Front Door and narrow the rule's source to them.")
def http_from_internet(nsg, snapshot):
    return _ports_verdict(nsg, "tcp", {80: "HTTP", 443: "HTTPS"})


@check(id="azure.network.nsg_udp_from_internet", severity="high", resource_type=NSG, reads=READS,
       title="Network security group does not open UDP ports to the internet",
       rationale="UDP services reachable from the internet (DNS, NTP, SNMP, CLDAP, SSDP) are abused for "
                 "reflection and amplification attacks.",
       remediation=HOW)
def udp_from_internet(nsg, snapshot):
    opened = reachable_ports(_rules(nsg), "udp")
    evidence = {"attached_to": nsg.config["attached_to"]}
    if opened:
        ranges = [f"udp {low}" + (f"-{high}" if high != low else "") + f" through {rule.describe()}"
                  for low, high, rule in opened]
        return failed("open to the internet: " + "; ".join(ranges),
                      open=[{"ports": [low, high], "rule": rule.name, "priority": rule.priority}
                            for low, high, rule in opened], **evidence)
    return passed("no rule opens a UDP port to the whole internet (first match by priority)", **evidence)
