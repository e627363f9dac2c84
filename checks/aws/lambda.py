"""Lambda (AWS Foundational Security Best Practices Lambda.1, .2, .5): function policies not public,
supported runtimes, VPC functions across Availability Zones."""

from srmscan.analysis.aws_policy import PRINCIPAL_LIMITING_KEYS, PolicyError, public_statements, unowned_service_statements
from srmscan.analysis.runtimes import LAMBDA_SOURCE, lambda_runtime_support
from srmscan.check import check, failed, passed, undetermined

FUNCTION = "aws.lambda.function"


@check(id="aws.lambda.function_not_public", title="Lambda function policies do not let everyone invoke the function",
       severity="critical", resource_type=FUNCTION, reads=("policy",),
       rationale="A function policy with a public principal and no limiting condition (or one that lets Amazon S3 "
                 "invoke it for any account's bucket) lets anyone run the function with its role's permissions.",
       remediation="Remove the statement, or name the calling account or service with aws:SourceAccount / "
                   "aws:SourceArn / aws:PrincipalOrgID (`aws lambda remove-permission`, then `add-permission`).")
def function_not_public(function, snapshot):
    policy = function.config["policy"]
    if policy is None:
        return passed("the function has no resource policy")
    try:
        public = public_statements(policy, PRINCIPAL_LIMITING_KEYS)
        unowned = unowned_service_statements(policy, ("s3.amazonaws.com",))
    except PolicyError as exc:
        return undetermined(f"cannot judge the function policy: {exc}")
    if public:
        return failed(f"statement {', '.join(public)} lets everyone invoke the function", statements=public)
    if unowned:
        return failed(f"statement {', '.join(unowned)} lets Amazon S3 invoke the function for any account's bucket "
                      "(no aws:SourceAccount condition)", statements=unowned)
    return passed("no statement lets everyone invoke the function")


@check(id="aws.lambda.supported_runtime", title="Lambda functions use a runtime AWS still supports", severity="medium",
       resource_type=FUNCTION, reads=("runtime", "package_type", "account.read_at"),
       rationale="A deprecated runtime gets no more security patches: the customer owns moving the code to a "
                 "supported one (the platform version is the customer's side of the model).",
       remediation="Move the function to a supported runtime identifier (`aws lambda update-function-configuration "
                   "--runtime ...`) after testing the code on it.")
def supported_runtime(function, snapshot):
    runtime = function.config["runtime"]
    if function.config["package_type"] == "Image" or not runtime:
        return passed("a container image function: its runtime is in the image, not managed by Lambda")
    day = snapshot.read_on(function)
    supported, deprecated = lambda_runtime_support(runtime, day)
    if supported is None:
        return undetermined(f"runtime {runtime!r} is not in srmscan's runtime table ({LAMBDA_SOURCE}); update srmscan",
                            runtime=runtime)
    if supported:
        return passed(f"{runtime} is supported until {deprecated.isoformat()}", runtime=runtime,
                      deprecation=deprecated.isoformat())
    return failed(f"{runtime} has been deprecated since {deprecated.isoformat()}", runtime=runtime,
                  deprecation=deprecated.isoformat())


@check(id="aws.lambda.vpc_multi_az", title="Lambda functions in a VPC use subnets in more than one Availability Zone",
       severity="medium", resource_type=FUNCTION, reads=("vpc_subnets", "region.subnet_zones"),
       rationale="A VPC function whose subnets are all in one zone stops when that zone fails.",
       remediation="Add a subnet of another Availability Zone to the function's VPC configuration.")
def vpc_multi_az(function, snapshot):
    subnets = function.config["vpc_subnets"]
    if not subnets:
        return passed("the function is not connected to a VPC")
    zones_of = snapshot.region(function).config["subnet_zones"]
    unknown = [s for s in subnets if not zones_of.get(s)]
    if unknown:
        return undetermined(f"the Availability Zone of subnet {', '.join(unknown)} is not known", subnets=unknown)
    zones = sorted({zones_of[s] for s in subnets})
    if len(zones) > 1:
        return passed(f"subnets in {len(zones)} Availability Zones ({', '.join(zones)})", zones=zones)
    return failed(f"every subnet is in {zones[0]}", zones=zones)
