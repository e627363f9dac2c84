"""TLS security policies judged by what they let a client negotiate (the lowest protocol and whether any CBC
cipher suite is offered), not by their names.

Source: Amazon CloudFront Developer Guide, "Supported protocols and ciphers between viewers and CloudFront"
(read 2026-12-03). A policy missing from the table is unknown: the checks say ERROR ("update srmscan"),
never assume it is strong.
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
