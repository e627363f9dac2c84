"""Cloud Run functions (PaaS; Cloud Functions API, both generations): who may invoke them from where, the
identity they run as, their network egress, their runtime's support, and secrets in plain environment variables."""

from srmscan.analysis.gcp_workloads import (default_service_account, public_invocation, runtime_support, secret_like,
                                            vpc_egress_verdict)
from srmscan.check import check, failed, passed

FUNCTION = "gcp.cloudfunctions.function"


@check(id="gcp.cloudfunctions.function_not_public", severity="critical", resource_type=FUNCTION,
       reads=("iam_policy", "ingress"), title="Cloud Run function is not invocable by anyone on the internet",
       rationale="allUsers (or allAuthenticatedUsers: any Google account) holding a role on a function whose "
                 "ingress admits the internet lets anyone call it, unauthenticated.",
       remediation="`gcloud functions remove-invoker-policy-binding FUNCTION --member=allUsers` (and "
                   "allAuthenticatedUsers), or `--ingress-settings=internal-only`.")
def function_not_public(function, snapshot):
    return public_invocation(function.config["iam_policy"], function.config["ingress"],
                             ("ALLOW_INTERNAL_ONLY",))


@check(id="gcp.cloudfunctions.function_dedicated_service_account", severity="medium", resource_type=FUNCTION,
       reads=("service_account",), title="Cloud Run function runs as its own service account, not a default one",
       rationale="The Compute Engine and App Engine default service accounts often hold project Editor: every "
                 "invocation can then act on the whole project.",
       remediation="Redeploy with `--service-account=SA`, a service account granted only what the function needs.")
def function_dedicated_service_account(function, snapshot):
    return default_service_account(function.config["service_account"])


@check(id="gcp.cloudfunctions.function_vpc_egress", severity="low", resource_type=FUNCTION,
       reads=("vpc_connector", "vpc_egress"), title="Cloud Run function reaches networks through a VPC connector",
       rationale="Egress through the VPC puts the function's outbound traffic under the VPC's firewall rules, "
                 "Cloud NAT and flow logs; without it the function reaches the internet directly.",
       remediation="Redeploy with `--vpc-connector=CONNECTOR --egress-settings=all`.")
def function_vpc_egress(function, snapshot):
    return vpc_egress_verdict(function.config["vpc_connector"], function.config["vpc_egress"])


@check(id="gcp.cloudfunctions.supported_runtime", severity="high", resource_type=FUNCTION,
       reads=("runtime", "runtimes", "account.read_at"),
       title="Cloud Run function runs on a runtime Google still supports",
       rationale="A deprecated runtime stops getting language and OS security patches, and once decommissioned the "
                 "function can no longer be redeployed, not even to fix it.",
       remediation="Redeploy the function on a supported runtime (`gcloud functions deploy FUNCTION --runtime=...`).")
def supported_runtime(function, snapshot):
    return runtime_support(function.config["runtime"], function.config["runtimes"], snapshot.read_on(function))


@check(id="gcp.cloudfunctions.secrets_not_in_environment", severity="high", resource_type=FUNCTION,
       reads=("environment_names", "secret_references"),
       title="Cloud Run function keeps no secret in a plain environment variable",
       rationale="Plain environment variables are readable by anyone who can view the function's configuration "
                 "and are copied into every revision; Secret Manager references are access-controlled and audited.",
       remediation="Store the value in Secret Manager and redeploy with `--set-secrets=NAME=SECRET:VERSION`, then "
                   "rotate the exposed value.")
def secrets_not_in_environment(function, snapshot):
    names = secret_like(function.config["environment_names"])
    if names:
        return failed(f"plain environment variable(s) named like secrets: {', '.join(names)}", variables=names)
    return passed(f"no plain variable named like a secret ({function.config['secret_references']} Secret Manager "
                  "reference(s))")
