"""Cloud KMS keys: rotation and public access."""

import re

from srmscan.analysis.gcp_iam import public_grants
from srmscan.analysis.iam_credentials import days_between
from srmscan.check import check, failed, passed, undetermined

KEY = "gcp.kms.crypto_key"
MAX_ROTATION_DAYS = 90
SECONDS = re.compile(r"^(\d+(?:\.\d+)?)s$")


@check(id="gcp.kms.key_not_public", severity="critical", resource_type=KEY, reads=("iam_policy",),
       title="Cloud KMS key grants nothing to allUsers or allAuthenticatedUsers",
       rationale="Who may use or manage a key is the customer's access decision; the public never should.",
       remediation="`gcloud kms keys remove-iam-policy-binding KEY --member=allUsers --role=ROLE` (and "
                   "allAuthenticatedUsers).")
def key_not_public(key, snapshot):
    return public_grants(key.config["iam_policy"])


@check(id="gcp.kms.key_rotation_90_days", severity="medium", resource_type=KEY,
       reads=("purpose", "rotation_period", "next_rotation_time", "primary_state", "account.read_at"),
       params={"kms_rotation_days": MAX_ROTATION_DAYS},
       title="Symmetric Cloud KMS key rotates automatically at least every 90 days",
       rationale="Rotating keys limits how much data one key version protects; scheduling it is the customer's.",
       remediation="`gcloud kms keys update KEY --rotation-period=90d --next-rotation-time=...`.")
def key_rotation_90_days(key, snapshot):
    if key.config["purpose"] != "ENCRYPT_DECRYPT":
        return passed(f"{key.config['purpose']} key: Cloud KMS does not rotate it automatically")
    if key.config["primary_state"] in ("DESTROYED", "DESTROY_SCHEDULED"):
        return passed(f"primary version {key.config['primary_state']}: the key is being retired")
    period = key.config["rotation_period"]
    if not period:
        return failed("no rotation period: the key never rotates")
    seconds = SECONDS.match(period)
    if not seconds:
        return undetermined(f"cannot read rotation period {period!r}")
    days, limit = float(seconds.group(1)) / 86400, snapshot.param("kms_rotation_days")
    if days > limit:
        return failed(f"rotates every {days:g} days", rotation_days=days)
    now = snapshot.account(key).config["read_at"]
    until_next = days_between(now, key.config["next_rotation_time"])
    if until_next is None:
        return failed(f"rotates every {days:g} days but no next rotation is scheduled")
    if until_next > limit:
        return failed(f"next rotation in {until_next} days", next_rotation_time=key.config["next_rotation_time"])
    return passed(f"rotates every {days:g} days; next in {until_next} days", as_of=now)
