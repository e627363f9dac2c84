"""ACM (regional): certificates of every key type with their expiry, key algorithm and use."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call
from srmscan.providers.declare import Listing, Read, ResourceType

# ListCertificates answers RSA_2048 certificates only unless asked for every key type
KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]


def _certificate(answer: dict) -> dict:
    cert = answer["Certificate"]
    not_after = cert.get("NotAfter")
    return {"status": cert.get("Status"), "kind": cert.get("Type"), "key_algorithm": cert.get("KeyAlgorithm"),
            "not_after": not_after.isoformat() if hasattr(not_after, "isoformat") else not_after,
            "in_use": bool(cert.get("InUseBy")), "renewal_eligibility": cert.get("RenewalEligibility")}


CERTIFICATE = ResourceType(
    type="aws.acm.certificate",
    service="acm",
    scope=REGIONAL,
    listing=Listing(Call("list_certificates", params={"Includes": {"keyTypes": KEY_TYPES}}),
                    "acm:ListCertificates", lambda page: page.get("CertificateSummaryList", [])),
    identity=lambda c, scope: (c["CertificateArn"], c.get("DomainName") or c["CertificateArn"].rsplit("/", 1)[-1]),
    reads=(
        Read("certificate", Call("describe_certificate", params=lambda cert: {"CertificateArn": cert.id}),
             "acm:DescribeCertificate", _certificate),
    ),
)

TYPES = (CERTIFICATE,)
SCOPE_READS: dict = {}
