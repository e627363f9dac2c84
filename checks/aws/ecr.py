"""ECR (AWS Foundational Security Best Practices ECR.1, .2, .3): image scanning, immutable tags, lifecycle
policies, and repository policies not public."""

from fnmatch import fnmatchcase

from srmscan.analysis.aws_policy import public_policy_verdict
from srmscan.check import check, failed, passed

REPOSITORY = "aws.ecr.repository"


def _registry_rule(repository, registry: dict) -> str | None:
    """The registry scanning rule that scans this repository on push or continuously, if any (filters are
    wildcard patterns on the repository name)."""
    for rule in registry.get("rules") or []:
        if rule.get("frequency") in ("SCAN_ON_PUSH", "CONTINUOUS_SCAN") and any(
                fnmatchcase(repository.name, pattern or "") for pattern in rule.get("filters") or []):
            return f"{registry.get('scan_type', 'BASIC').lower()} scanning, {rule['frequency']}"
    return None


@check(id="aws.ecr.image_scanning", title="ECR repositories scan images for vulnerabilities", severity="high",
       resource_type=REPOSITORY, reads=("scan_on_push", "region.ecr_registry_scanning"),
       rationale="Images pushed without a scan carry their known vulnerabilities into production unnoticed.",
       remediation="Turn on scan on push for the repository, or a registry scanning rule (basic or enhanced) "
                   "whose filter matches it.")
def image_scanning(repository, snapshot):
    if repository.config["scan_on_push"]:
        return passed("the repository scans images on push")
    rule = _registry_rule(repository, snapshot.region(repository).config["ecr_registry_scanning"])
    if rule:
        return passed(f"the registry scans it ({rule})", rule=rule)
    return failed("no scan on push and no registry scanning rule matches the repository")


@check(id="aws.ecr.tag_immutability", title="ECR repositories have immutable image tags", severity="medium",
       resource_type=REPOSITORY, reads=("tag_mutability",),
       rationale="A mutable tag can be moved to another image, so what runs under `:1.4` can change silently.",
       remediation="`aws ecr put-image-tag-mutability --image-tag-mutability IMMUTABLE`.")
def tag_immutability(repository, snapshot):
    mutability = repository.config["tag_mutability"]
    if str(mutability).startswith("IMMUTABLE"):
        return passed(f"tags are {mutability.lower().replace('_', ' ')}", mutability=mutability)
    return failed(f"tags are {str(mutability).lower().replace('_', ' ')}", mutability=mutability)


@check(id="aws.ecr.lifecycle_policy", title="ECR repositories have a lifecycle policy", severity="medium",
       resource_type=REPOSITORY, reads=("lifecycle_policy",),
       rationale="Without a lifecycle policy old, unpatched images pile up and stay pullable.",
       remediation="`aws ecr put-lifecycle-policy` with rules that expire untagged and old images.")
def lifecycle_policy(repository, snapshot):
    if repository.config["lifecycle_policy"]:
        return passed("the repository has a lifecycle policy")
    return failed("the repository has no lifecycle policy")


@check(id="aws.ecr.repository_not_public", title="ECR repository policies do not grant images to everyone",
       severity="critical", resource_type=REPOSITORY, reads=("policy",),
       rationale="A repository policy with a public principal and no limiting condition lets any AWS account "
                 "pull (or push) its images.",
       remediation="Name the accounts in the policy, or limit it with aws:PrincipalOrgID on a fixed value.")
def repository_not_public(repository, snapshot):
    return public_policy_verdict(repository.config["policy"], "repository")
