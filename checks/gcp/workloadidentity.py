"""Workload Identity Federation providers (integration and third-party access): an external identity provider
lets workloads outside Google Cloud act as the service accounts bound to its pool; the attribute condition
decides whose workloads."""

import re

from srmscan.check import check, failed, passed

PROVIDER = "gcp.workloadidentity.provider"
GITHUB = "https://token.actions.githubusercontent.com"
# a GitHub Actions condition must name the repository (or its owner) the workflows come from
REPOSITORY_CLAIM = re.compile(r"\b(assertion|attribute)\.(repository|repository_id|repository_owner|repository_owner_id)\b")


@check(id="gcp.workloadidentity.provider_attribute_condition", severity="critical", resource_type=PROVIDER,
       reads=("protocol", "issuer", "condition", "disabled"),
       title="Workload Identity Federation provider admits only its own workloads (an attribute condition)",
       rationale="An OIDC provider for a multi-tenant issuer with no attribute condition (or, for GitHub Actions, "
                 "one that does not name the repository or its owner) lets anyone's workflow exchange its token for "
                 "the credentials of the service accounts bound to the pool.",
       remediation="Set an attribute condition, e.g. `assertion.repository_owner == 'ORG'` or `assertion.repository "
                   "== 'ORG/REPO'` for GitHub (`gcloud iam workload-identity-pools providers update-oidc "
                   "--attribute-condition=...`).")
def provider_attribute_condition(provider, snapshot):
    config = provider.config
    if config["disabled"]:
        return passed("the provider is disabled")
    if config["protocol"] != "oidc":
        return passed(f"{config['protocol']} provider: the identity provider is the organisation's own")
    condition = config["condition"]
    if not condition:
        return failed(f"no attribute condition: every token {config['issuer']} issues is accepted", issuer=config["issuer"])
    if str(config["issuer"]).rstrip("/") == GITHUB and not REPOSITORY_CLAIM.search(condition):
        return failed(f"the condition {condition!r} does not name the repository or its owner: any GitHub "
                      "workflow may match", condition=condition)
    return passed(f"attribute condition: {condition}", condition=condition)
