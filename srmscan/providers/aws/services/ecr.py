"""ECR (regional): private repositories with their scanning and tag settings, lifecycle and repository
policies, and the registry's scanning configuration."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGION_TYPE, REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _repository(repository) -> dict:
    return {"repositoryName": repository.name}


REPOSITORY = ResourceType(
    type="aws.ecr.repository",
    service="ecr",
    scope=REGIONAL,
    listing=Listing(Call("describe_repositories", params={"maxResults": 1000}), "ecr:DescribeRepositories",
                    lambda page: page.get("repositories", [])),
    identity=lambda r, scope: (r["repositoryArn"], r["repositoryName"]),
    config=fields({"tag_mutability": item("imageTagMutability", "MUTABLE"),
                   "scan_on_push": lambda r: bool((r.get("imageScanningConfiguration") or {}).get("scanOnPush")),
                   "encryption": lambda r: (r.get("encryptionConfiguration") or {}).get("encryptionType")}),
    reads=(
        Read("lifecycle_policy", Call("get_lifecycle_policy", params=_repository), "ecr:GetLifecyclePolicy",
             lambda r: r.get("lifecyclePolicyText"), frozenset({"LifecyclePolicyNotFoundException"})),
        Read("policy", Call("get_repository_policy", params=_repository), "ecr:GetRepositoryPolicy",
             lambda r: r.get("policyText"), frozenset({"RepositoryPolicyNotFoundException"})),
    ),
)

TYPES = (REPOSITORY,)
SCOPE_READS = {REGION_TYPE: (
    Read("ecr_registry_scanning", Call("get_registry_scanning_configuration", service="ecr"),
         "ecr:GetRegistryScanningConfiguration",
         lambda r: {"scan_type": (r.get("scanningConfiguration") or {}).get("scanType", "BASIC"),
                    "rules": [{"frequency": rule.get("scanFrequency"),
                               "filters": [f.get("filter") for f in rule.get("repositoryFilters") or []]}
                              for rule in (r.get("scanningConfiguration") or {}).get("rules") or []]}),
)}
