"""Cloud DNS managed zones: DNSSEC."""

from srmscan.check import check, failed, passed

ZONE = "gcp.dns.managed_zone"


@check(id="gcp.dns.dnssec_enabled", severity="medium", resource_type=ZONE, reads=("visibility", "dnssec_state"),
       title="Public Cloud DNS zone has DNSSEC on",
       rationale="DNSSEC lets resolvers reject forged answers for the customer's domain.",
       remediation="`gcloud dns managed-zones update ZONE --dnssec-state on`.")
def dnssec_enabled(zone, snapshot):
    if zone.config["visibility"] != "public":
        return passed(f"{zone.config['visibility']} zone: DNSSEC does not apply")
    if zone.config["dnssec_state"] == "on":
        return passed("DNSSEC is on")
    return failed(f"DNSSEC is {zone.config['dnssec_state']}")


def _rsasha1(zone, key_type: str):
    specs = [s for s in zone.config["key_specs"] if s["key_type"] == key_type]
    if zone.config["dnssec_state"] == "off" or not specs:
        return passed("DNSSEC is off: no signing key" if zone.config["dnssec_state"] == "off"
                      else f"no {key_type} key spec")
    weak = [s["algorithm"] for s in specs if str(s["algorithm"]).lower() == "rsasha1"]
    if weak:
        return failed(f"{key_type} key uses RSASHA1")
    return passed(f"{key_type} key uses {', '.join(str(s['algorithm']) for s in specs)}")


@check(id="gcp.dns.ksk_not_rsasha1", severity="medium", resource_type=ZONE, reads=("dnssec_state", "key_specs"),
       title="DNSSEC key-signing key does not use RSASHA1",
       rationale="SHA-1 signatures are weak; the signing algorithm is the zone owner's choice.",
       remediation="Turn DNSSEC off and on again with --ksk-algorithm rsasha256 (or ECDSA).")
def ksk_not_rsasha1(zone, snapshot):
    return _rsasha1(zone, "keySigning")


@check(id="gcp.dns.zsk_not_rsasha1", severity="medium", resource_type=ZONE, reads=("dnssec_state", "key_specs"),
       title="DNSSEC zone-signing key does not use RSASHA1",
       rationale="SHA-1 signatures are weak; the signing algorithm is the zone owner's choice.",
       remediation="Turn DNSSEC off and on again with --zsk-algorithm rsasha256 (or ECDSA).")
def zsk_not_rsasha1(zone, snapshot):
    return _rsasha1(zone, "zoneSigning")


@check(id="gcp.dns.network_query_logging", severity="low", resource_type="gcp.compute.network",
       reads=("account.dns_policies",),
       title="Cloud DNS query logging is on for the VPC network",
       rationale="DNS query logs show which names the network's workloads resolved, where flow logs show only "
                 "addresses.",
       remediation="`gcloud dns policies create POLICY --networks=NETWORK --enable-logging` (or update the "
                   "network's existing policy with --enable-logging).")
def network_query_logging(network, snapshot):
    policies = [p for p in snapshot.account(network).config["dns_policies"] if network.name in p["networks"]]
    logging = [p["name"] for p in policies if p["logging"]]
    if logging:
        return passed(f"DNS policy {logging[0]} logs queries")
    if policies:
        return failed(f"DNS policy {policies[0]['name']} does not log queries")
    return failed("no DNS policy is attached to the network (query logging is off)")
