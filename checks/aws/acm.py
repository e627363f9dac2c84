"""ACM (AWS Foundational Security Best Practices ACM.1, ACM.2): certificates renewed before they expire,
RSA keys of 2,048 bits or more."""

from datetime import datetime

from srmscan.check import check, failed, passed

CERTIFICATE = "aws.acm.certificate"
DAYS_TO_EXPIRATION = 30   # ACM.1's default


@check(id="aws.acm.not_expiring", title=f"ACM certificates do not expire within {DAYS_TO_EXPIRATION} days",
       severity="medium", resource_type=CERTIFICATE, reads=("certificate", "account.read_at"),
       rationale="A certificate that expires takes its sites and APIs down or trains users to click through "
                 "warnings; imported ones never renew themselves.",
       remediation="Renew or re-import the certificate (ACM-issued ones renew when their validation still works).")
def not_expiring(certificate, snapshot):
    cert = certificate.config["certificate"]
    if not cert["not_after"]:
        return passed(f"no validity yet (status {cert['status']})")
    now = datetime.fromisoformat(snapshot.account(certificate).config["read_at"])
    days = (datetime.fromisoformat(cert["not_after"]) - now).days
    if days > DAYS_TO_EXPIRATION:
        return passed(f"expires in {days} days", days=days)
    if days < 0:
        return failed(f"expired {-days} days before the scan", days=days)
    return failed(f"expires in {days} days", days=days)


@check(id="aws.acm.rsa_key_length", title="ACM RSA certificates use keys of at least 2,048 bits", severity="high",
       resource_type=CERTIFICATE, reads=("certificate",),
       rationale="1,024-bit RSA keys are within reach of well-funded attackers.",
       remediation="Request or import a certificate with an RSA 2048+ or ECDSA key and switch its users to it.")
def rsa_key_length(certificate, snapshot):
    algorithm = str(certificate.config["certificate"]["key_algorithm"] or "")   # RSA_2048, EC_prime256v1 ...
    bits = algorithm.split("_", 1)[1] if algorithm.startswith("RSA_") else ""
    if bits.isdigit() and int(bits) < 2048:
        return failed(f"the key is {algorithm}", key_algorithm=algorithm)
    return passed(f"the key is {algorithm}", key_algorithm=algorithm)
