"""Cloud Run functions (Cloud Functions v2 API, both generations): every function of the project (locations
`-`, one listing), its runtime, identity, ingress and VPC egress, the names (never the values) of its plain
environment variables, who may invoke it, and what Google itself says of its runtime (runtimes.list of the
function's location: stage and deprecation dates)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Listing, Read, ResourceType
from srmscan.providers.gcp.declare import Google, resource_iam_policy

FUNCTION_TYPE = "gcp.cloudfunctions.function"


def function_config(function: dict[str, Any]) -> dict[str, Any]:
    """A function (functions.list item). Absent settings are the API's defaults: ingress ALLOW_ALL, no VPC
    connector, the default service account."""
    service = function.get("serviceConfig") or {}
    build = function.get("buildConfig") or {}
    return {"generation": function.get("environment") or "GEN_2",
            "runtime": build.get("runtime"),
            "service_account": service.get("serviceAccountEmail"),
            "ingress": service.get("ingressSettings") or "ALLOW_ALL",
            "vpc_connector": service.get("vpcConnector"),
            "vpc_egress": service.get("vpcConnectorEgressSettings"),
            "environment_names": sorted({*(service.get("environmentVariables") or {}),
                                         *(build.get("environmentVariables") or {})}),
            "secret_references": len(service.get("secretEnvironmentVariables") or [])
            + len(service.get("secretVolumes") or [])}


def runtimes_config(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """ListRuntimesResponse: runtime name -> its stage and deprecation / decommission dates (ISO, or None)."""
    def day(value):
        return f"{value['year']:04d}-{value['month']:02d}-{value['day']:02d}" if value and value.get("year") else None
    return {r["name"]: {"stage": r.get("stage") or "RUNTIME_STAGE_UNSPECIFIED",
                        "deprecation": day(r.get("deprecationDate")), "decommission": day(r.get("decommissionDate"))}
            for r in answer.get("runtimes") or [] if r.get("name")}


def _location(function: dict[str, Any]) -> str:
    return function["name"].split("/locations/")[1].split("/")[0]


TYPES = (
    ResourceType(FUNCTION_TYPE, "cloudfunctions",
                 Listing(Google("cloudfunctions", "/v2/projects/{project}/locations/-/functions", "functions"),
                         "cloudfunctions.functions.list"),
                 function_config, region=_location, address=lambda f: f["name"],
                 reads=(Read("iam_policy", Google("cloudfunctions", "/v2/{name}:getIamPolicy"),
                             "cloudfunctions.functions.getIamPolicy", resource_iam_policy),
                        Read("runtimes", Google("cloudfunctions", "/v2/{name}/runtimes",
                                    of_name=lambda name: name.split("/functions/")[0]),
                             "cloudfunctions.runtimes.list", runtimes_config)),
                 identity=lambda f, project: (f["name"], f["name"].rsplit("/", 1)[-1])),
)
SCOPE_READS: dict = {}   # no read of the project's own
