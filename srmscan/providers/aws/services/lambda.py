"""Lambda (regional): functions with their runtime and VPC placement, each function's resource policy, and
the region's subnets (where a VPC function's network interfaces can live). Environment variables are never
read into the snapshot: their values are often secrets."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGION_TYPE, REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _vpc(function: dict) -> dict:
    return function.get("VpcConfig") or {}


FUNCTION = ResourceType(
    type="aws.lambda.function",
    service="lambda",
    scope=REGIONAL,
    listing=Listing(Call("list_functions"), "lambda:ListFunctions", lambda page: page.get("Functions", [])),
    identity=lambda f, scope: (f["FunctionArn"], f["FunctionName"]),
    config=fields({"runtime": item("Runtime"), "package_type": item("PackageType", "Zip"),
                   "vpc_id": lambda f: _vpc(f).get("VpcId") or None,
                   "vpc_subnets": lambda f: sorted(_vpc(f).get("SubnetIds") or []),
                   "role": item("Role")}),
    reads=(
        # No resource policy is an answer (ResourceNotFoundException), not a failure.
        Read("policy", Call("get_policy", params=lambda function: {"FunctionName": function.id}), "lambda:GetPolicy",
             lambda r: r["Policy"], frozenset({"ResourceNotFoundException"})),
    ),
)

TYPES = (FUNCTION,)
SCOPE_READS = {REGION_TYPE: (
    # subnet -> Availability Zone, for judging whether a VPC function spans zones
    Read("subnet_zones", Call("describe_subnets", service="ec2", pages=True), "ec2:DescribeSubnets",
         lambda r: {s["SubnetId"]: s.get("AvailabilityZone") for s in r.get("Subnets", [])}),
)}
