"""Macie (AWS Foundational Security Best Practices Macie.1, .2): data classification. Macie on in every region,
automated sensitive data discovery on, and an S3 bucket Macie rates sensitive never exposed: public (srmscan's
own judgement of its policy, ACL and Block Public Access), shared outside the organisation (Macie's), or
without default encryption."""

from srmscan.analysis.aws_policy import PolicyError
from srmscan.analysis.s3_exposure import bucket_exposure
from srmscan.check import check, failed, judged, passed, undetermined

SENSITIVE_FROM = 51   # Macie: 51-100 is labelled Sensitive; 50 not yet classified, 1-49 not sensitive, -1 error


@check(id="aws.macie.enabled", title="Amazon Macie is enabled in the region", severity="medium",
       resource_type="aws.region", reads=("macie",),
       rationale="Macie is how AWS finds and classifies the sensitive data in S3; without it the account does not "
                 "know which buckets hold personal or secret data, so it cannot protect them accordingly.",
       remediation="`aws macie2 enable-macie` in the region (or enable it for the organisation from the Macie "
                   "delegated administrator).")
def macie_enabled(region, snapshot):
    status = region.config["macie"]["status"]
    return judged(status == "ENABLED", "Macie is enabled", f"Macie is {str(status).lower()} in the region",
                  status=status)


@check(id="aws.macie.automated_discovery", title="Macie automated sensitive data discovery is enabled",
       severity="high", resource_type="aws.region", reads=("macie",),
       rationale="Automated discovery samples every bucket continuously and gives each a sensitivity score; "
                 "without it Macie classifies only what a one-off job was pointed at.",
       remediation="`aws macie2 update-automated-discovery-configuration --status ENABLED` (Macie administrator "
                   "account for an organisation).")
def automated_discovery(region, snapshot):
    macie = region.config["macie"]
    if macie["status"] != "ENABLED":
        return failed(f"Macie is {str(macie['status']).lower()}, so nothing is discovered", status=macie["status"])
    return judged(macie["automated_discovery"] == "ENABLED", "automated sensitive data discovery is on",
                  "automated sensitive data discovery is off", status=macie["automated_discovery"])


@check(id="aws.macie.sensitive_bucket_not_exposed",
       title="An S3 bucket Macie rates sensitive is not public, shared outside the organisation or unencrypted",
       severity="critical", resource_type="aws.s3.bucket",
       reads=("policy", "acl", "public_access_block", "ownership_controls", "encryption",
              "account.s3_public_access_block", "region.macie"),
       rationale="Exposure matters most where the data is sensitive: a bucket Macie found personal, financial or "
                 "credential data in must not be readable by the internet or by accounts outside the "
                 "organisation, and must be encrypted by default.",
       remediation="Remove the public or external grant (or turn on Block Public Access), and set default "
                   "encryption (SSE-KMS); if the data should not be there, move or delete it.")
def sensitive_bucket_not_exposed(bucket, snapshot):
    macie = snapshot.region(bucket).config["macie"]
    rating = macie["buckets"].get(bucket.name)
    if rating is not None and rating.get("account") not in (None, bucket.account):
        rating = None
    if rating is None:
        why = "Macie is not enabled in the region" if macie["status"] != "ENABLED" else \
            "the bucket is not in Macie's inventory"
        return passed(f"not rated sensitive: {why} (aws.macie.enabled and .automated_discovery judge that)")
    score = rating.get("sensitivity_score")
    if not isinstance(score, int) or score < SENSITIVE_FROM:
        return passed(f"Macie does not rate the bucket sensitive (score {score})", sensitivity_score=score)
    try:
        exposure = bucket_exposure(bucket.config, lambda: snapshot.account(bucket).config["s3_public_access_block"])
    except PolicyError as exc:
        return undetermined(f"sensitive (score {score}), and the bucket policy cannot be judged: {exc}")
    exposed = [f"public {' and '.join(exposure.access)} access"] if exposure.grants else []
    if rating.get("shared_access") == "EXTERNAL":
        exposed.append("shared with accounts outside the organisation (Macie)")
    if bucket.config["encryption"] is None:
        exposed.append("no default encryption")
    if exposed:
        return failed(f"Macie rates the bucket sensitive (score {score}) and it is {', '.join(exposed)}",
                      sensitivity_score=score, exposure=exposed, grants=exposure.grants)
    return passed(f"sensitive (score {score}) and neither public, shared externally nor unencrypted",
                  sensitivity_score=score)
