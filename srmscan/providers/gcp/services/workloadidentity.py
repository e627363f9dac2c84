"""Workload Identity Federation: the project's pools and their providers (who outside Google Cloud may exchange
their tokens for Google credentials, and under which attribute condition)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, ResourceType
from srmscan.providers.gcp.declare import Google

PROVIDER_TYPE = "gcp.workloadidentity.provider"


def provider_config(provider: dict[str, Any]) -> dict[str, Any]:
    """A pool provider (workloadIdentityPools.providers.list item): its protocol, issuer, condition and state."""
    oidc = provider.get("oidc")
    return {"protocol": "oidc" if oidc is not None else "saml" if provider.get("saml") is not None
            else "aws" if provider.get("aws") is not None else "x509" if provider.get("x509") is not None else "other",
            "issuer": (oidc or {}).get("issuerUri"), "condition": provider.get("attributeCondition") or None,
            "disabled": bool(provider.get("disabled")) or provider.get("state") == "DELETED"}


TYPES = (
    ResourceType(PROVIDER_TYPE, "workloadidentity",
                 Listing(Google("iam", "/v1/{parent}/providers", "workloadIdentityPoolProviders"),
                         ("iam.workloadIdentityPools.list", "iam.workloadIdentityPoolProviders.list"),
                         parents=(Google("iam", "/v1/projects/{project}/locations/global/workloadIdentityPools",
                                         "workloadIdentityPools"),)),
                 provider_config,
                 identity=lambda p, project: (p["name"], "/".join(p["name"].split("/")[-3::2]))),
)
SCOPE_READS: dict = {}   # no read of the project's own
