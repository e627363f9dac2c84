"""Artifact Registry repositories (PaaS): who may pull from them, vulnerability scanning of their images, and
the key they are encrypted with."""

from srmscan.analysis.gcp_iam import public_grants
from srmscan.check import check, failed, judged, passed, undetermined

REPOSITORY = "gcp.artifactregistry.repository"
SCANNED_FORMATS = ("DOCKER",)   # the format Artifact Analysis scans in every repository mode


@check(id="gcp.artifactregistry.repository_not_public", severity="critical", resource_type=REPOSITORY,
       reads=("iam_policy",), title="Artifact Registry repository grants nothing to allUsers or allAuthenticatedUsers",
       rationale="A public repository publishes the organisation's images and packages, often with embedded "
                 "configuration and credentials, and invites supply-chain tampering where a write role is public.",
       remediation="`gcloud artifacts repositories remove-iam-policy-binding REPO --location=LOC --member=allUsers "
                   "--role=ROLE` (and allAuthenticatedUsers).")
def repository_not_public(repository, snapshot):
    return public_grants(repository.config["iam_policy"])


@check(id="gcp.artifactregistry.vulnerability_scanning", severity="medium", resource_type=REPOSITORY,
       reads=("format", "scanning", "scanning_reason"),
       title="Artifact Registry container repository scans its images for vulnerabilities",
       rationale="Unscanned images carry their known vulnerabilities into the clusters and services that pull them.",
       remediation="Enable the Container Scanning API and set the repository's scanning to follow it "
                   "(`gcloud artifacts repositories update REPO --allow-vulnerability-scanning`).")
def vulnerability_scanning(repository, snapshot):
    if repository.config["format"] not in SCANNED_FORMATS:
        return passed(f"{repository.config['format']} repository: container scanning does not apply")
    state, reason = repository.config["scanning"], repository.config["scanning_reason"]
    if state is None:
        return undetermined("the repository's vulnerability scanning state was not reported")
    if state == "SCANNING_ACTIVE":
        return passed("vulnerability scanning is active")
    return failed(f"{state}" + (f": {reason}" if reason else ""), state=state)


@check(id="gcp.artifactregistry.repository_cmek", severity="low", resource_type=REPOSITORY, reads=("kms_key",),
       title="Artifact Registry repository is encrypted with a customer-managed key",
       rationale="With a Cloud KMS key the owner controls, rotates and can revoke the key protecting the artifacts.",
       remediation="Create a new repository with `--kms-key=KEY` and move the artifacts (the key is set at creation).")
def repository_cmek(repository, snapshot):
    key = repository.config["kms_key"]
    return judged(key, f"encrypted with {key}", "Google-managed encryption only")
