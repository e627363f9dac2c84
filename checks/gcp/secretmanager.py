"""Secret Manager secrets (PaaS): who may read them, the key they are encrypted with, and their rotation schedule."""

import re

from srmscan.analysis.gcp_iam import public_grants
from srmscan.check import check, failed, judged, passed

SECRET = "gcp.secretmanager.secret"
MAX_ROTATION_DAYS = 90


@check(id="gcp.secretmanager.secret_not_public", severity="critical", resource_type=SECRET, reads=("iam_policy",),
       title="Secret Manager secret grants nothing to allUsers or allAuthenticatedUsers",
       rationale="A public secret is a published credential: anyone can read its versions.",
       remediation="`gcloud secrets remove-iam-policy-binding SECRET --member=allUsers --role=ROLE` (and "
                   "allAuthenticatedUsers), then rotate the secret.")
def secret_not_public(secret, snapshot):
    return public_grants(secret.config["iam_policy"])


@check(id="gcp.secretmanager.secret_cmek", severity="low", resource_type=SECRET, reads=("replica_keys",),
       title="Secret Manager secret encrypts every replica with a customer-managed key",
       rationale="With a Cloud KMS key the owner controls, rotates and can revoke the key protecting the secret.",
       remediation="Recreate the secret with `--kms-key-name` (automatic replication) or a key per replica location.")
def secret_cmek(secret, snapshot):
    keys = secret.config["replica_keys"]
    missing = len([k for k in keys if not k])
    return judged(keys and not missing, "every replica encrypted with a customer-managed key",
                  f"{missing or 'every'} replica(s) with Google-managed encryption only")


@check(id="gcp.secretmanager.secret_rotation_90_days", severity="medium", resource_type=SECRET,
       reads=("rotation_period",), params={"secret_rotation_days": MAX_ROTATION_DAYS},
       title=f"Secret Manager secret is scheduled for rotation at least every {MAX_ROTATION_DAYS} days",
       rationale="A rotation schedule makes Secret Manager notify the rotation job on time; without one a secret "
                 "lives as long as nobody remembers it.",
       remediation=f"`gcloud secrets update SECRET --rotation-period={MAX_ROTATION_DAYS}d --next-rotation-time=... "
                   "--topics=TOPIC` and a rotation job subscribed to the topic.")
def secret_rotation_90_days(secret, snapshot):
    period = secret.config["rotation_period"]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)s", str(period or ""))
    if match is None:
        return failed("no rotation schedule")
    days, limit = float(match.group(1)) / 86400, snapshot.param("secret_rotation_days")
    if days <= limit:
        return passed(f"rotation every {days:g} days")
    return failed(f"rotation every {days:g} days, more than {limit}")
