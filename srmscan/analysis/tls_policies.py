"""TLS security policies judged by what they let a client negotiate, not by their names.

- CloudFront viewer policies: the lowest protocol and whether any CBC suite is offered, from the Amazon
  CloudFront Developer Guide, "Supported protocols and ciphers between viewers and CloudFront" (read
  2026-12-03). A policy missing from that table is unknown: the checks say ERROR ("update srmscan"), never
  assume it is strong. Recommended: TLS 1.2 or later with AEAD suites only (TLSv1.2_2021 and newer).
- Load balancer policies: Elastic Load Balancing describes each policy's protocols and suites itself
  (DescribeSSLPolicies); `suite_weaknesses` reads them. Recommended: TLS 1.2 or later, and every suite with
  forward secrecy (ECDHE, or TLS 1.3), a SHA-2 MAC or AEAD, and neither 3DES nor RC4. AWS's recommended
  ELBSecurityPolicy-TLS13-1-2-2021-06 meets it; policies offering AES128-SHA or static-RSA suites do not.
  Classic load balancers have no forward-secret-only predefined policy, and Security Hub's ELB.8 names
  ELBSecurityPolicy-TLS-1-2-2017-01 (which offers static-RSA suites) as the strong one: for them forward
  secrecy is not required (`forward_secrecy=False`), SHA-1, 3DES/RC4 and TLS below 1.2 still fail.
"""

from __future__ import annotations

from dataclasses import dataclass

PROTOCOL_ORDER = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")


@dataclass(frozen=True)
class TlsPolicy:
    name: str
    lowest_protocol: str     # the oldest protocol a client may negotiate
    cbc_ciphers: bool        # offers CBC-mode suites (ECDHE-*-AES128-SHA256 ...), not only AEAD ones

    @property
    def recommended(self) -> bool:
        """TLS 1.2 or later and AEAD ciphers only (GCM, ChaCha20-Poly1305)."""
        return PROTOCOL_ORDER.index(self.lowest_protocol) >= PROTOCOL_ORDER.index("TLSv1.2") and not self.cbc_ciphers

    def weakness(self) -> str:
        if PROTOCOL_ORDER.index(self.lowest_protocol) < PROTOCOL_ORDER.index("TLSv1.2"):
            return f"{self.name} accepts {self.lowest_protocol}"
        return f"{self.name} offers CBC cipher suites" if self.cbc_ciphers else f"{self.name} is recommended"


CLOUDFRONT_VIEWER = {p.name: p for p in (
    TlsPolicy("SSLv3", "SSLv3", True),
    TlsPolicy("TLSv1", "TLSv1", True),
    TlsPolicy("TLSv1_2016", "TLSv1", True),
    TlsPolicy("TLSv1.1_2016", "TLSv1.1", True),
    TlsPolicy("TLSv1.2_2018", "TLSv1.2", True),
    TlsPolicy("TLSv1.2_2019", "TLSv1.2", True),
    TlsPolicy("TLSv1.2_2021", "TLSv1.2", False),
    TlsPolicy("TLSv1.2_2025", "TLSv1.2", False),
    TlsPolicy("TLSv1.3_2025", "TLSv1.3", False),
)}


def lowest(protocols: list[str]) -> str | None:
    """The oldest of `protocols` (names as Elastic Load Balancing gives them: TLSv1, TLSv1.1, TLSv1.2 ...)."""
    known = [p for p in protocols if p in PROTOCOL_ORDER]
    return min(known, key=PROTOCOL_ORDER.index) if known else None


def suite_weakness(cipher: str, forward_secrecy: bool = True) -> str | None:
    """Why an OpenSSL-named cipher suite is weak, or None. TLS 1.3 suites (TLS_AES_..., TLS_CHACHA20_...) are not."""
    if cipher.startswith("TLS_"):
        return None
    if any(part in cipher for part in ("DES", "RC4", "NULL", "EXPORT")):
        return "broken cipher"
    if forward_secrecy and not cipher.startswith(("ECDHE-", "DHE-")):
        return "no forward secrecy"
    if cipher.endswith("-SHA") or cipher.endswith("-MD5"):
        return "SHA-1 MAC"
    return None


def policy_weaknesses(protocols: list[str], ciphers: list[str], forward_secrecy: bool = True) -> list[str]:
    """What makes a load balancer policy weaker than recommended (empty: recommended)."""
    found = []
    oldest = lowest(protocols)
    if oldest is None:
        found.append("no known protocol")
    elif PROTOCOL_ORDER.index(oldest) < PROTOCOL_ORDER.index("TLSv1.2"):
        found.append(f"accepts {oldest}")
    weak = {}
    for cipher in ciphers:
        reason = suite_weakness(cipher, forward_secrecy)
        if reason:
            weak.setdefault(reason, []).append(cipher)
    found += [f"{reason}: {', '.join(names)}" for reason, names in weak.items()]
    return found


def listener_policies_verdict(weak: dict[str, list[str]], unknown: list[str], unknown_message: str, good: str):
    """The verdict of a "every TLS listener's policy is recommended" check: FAIL naming each weak listener and why,
    ERROR when a policy could not be judged, PASS saying `good`."""
    from srmscan.check import failed, passed, undetermined

    if weak:
        return failed("; ".join(f"{where}: {', '.join(problems)}" for where, problems in weak.items()), weak=weak)
    if unknown:
        return undetermined(unknown_message, unknown=unknown)
    return passed(good)
