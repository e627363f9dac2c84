"""S3 access points (AWS Foundational Security Best Practices S3.19): their own Block Public Access settings."""

from srmscan.analysis.s3_exposure import BPA_FLAGS, block_setting
from srmscan.check import check, judged, undetermined


@check(id="aws.s3control.access_point_public_access_block", title="S3 access points have Block Public Access fully on",
       severity="critical", resource_type="aws.s3control.access_point", reads=("public_access_block",),
       rationale="An access point is its own door to the bucket's data, with its own policy; with its Block Public "
                 "Access settings off, a policy mistake on it can make that data public.",
       remediation="Block Public Access cannot be changed on an existing access point: create a replacement with "
                   "all four settings on (the default), move clients to it and delete the old one.")
def access_point_public_access_block(point, snapshot):
    settings = point.config["public_access_block"]
    if settings is None:
        return undetermined("GetAccessPoint gave no Block Public Access settings")
    off = [flag for flag in BPA_FLAGS if not block_setting(settings, flag)]
    return judged(not off, "all four Block Public Access settings are on",
                  f"Block Public Access is off for: {', '.join(off)}", off=off)
