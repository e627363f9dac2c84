"""Cloud Run: every service of the project in every region (one Knative listing on the global endpoint), with
its ingress, identity and network egress, and who may invoke it (each service's IAM policy)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, Read, ResourceType
from srmscan.providers.gcp.declare import Google, resource_iam_policy

SERVICE_TYPE = "gcp.run.service"
LOCATION_LABEL = "cloud.googleapis.com/location"


def service_config(service: dict[str, Any]) -> dict[str, Any]:
    """A service (Knative Service of namespaces.services.list): ingress (absent: `all`, Cloud Run's default),
    the revision template's service account (absent: the Compute Engine default) and VPC egress."""
    annotations = (service.get("metadata") or {}).get("annotations") or {}
    template = (service.get("spec") or {}).get("template") or {}
    revision = (template.get("metadata") or {}).get("annotations") or {}
    vpc = revision.get("run.googleapis.com/vpc-access-connector") or revision.get("run.googleapis.com/network-interfaces")
    return {"ingress": annotations.get("run.googleapis.com/ingress") or "all",
            "service_account": (template.get("spec") or {}).get("serviceAccountName"),
            "vpc_access": vpc or None,
            "vpc_egress": revision.get("run.googleapis.com/vpc-access-egress") or ("private-ranges-only" if vpc else None)}


def _location(service: dict[str, Any]) -> str:
    return ((service.get("metadata") or {}).get("labels") or {}).get(LOCATION_LABEL) or "global"


TYPES = (
    ResourceType(SERVICE_TYPE, "run",
                 Listing(Google("run", "/apis/serving.knative.dev/v1/namespaces/{project}/services", "knative:items",
                                page_param="limit"), "run.services.list"),
                 service_config, region=_location,
                 address=lambda s: f"locations/{_location(s)}/services/{s['metadata']['name']}",
                 reads=(Read("iam_policy", Google("run", "/v1/projects/{project}/{name}:getIamPolicy"),
                             "run.services.getIamPolicy", resource_iam_policy),),
                 identity=lambda s, project: (f"projects/{project}/locations/{_location(s)}/services/"
                                              f"{s['metadata']['name']}", s["metadata"]["name"])),
)
SCOPE_READS: dict = {}   # no read of the project's own
