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
