"""Cloud Run services (PaaS): who may invoke them from where, the identity they run as, and their network egress."""

from srmscan.analysis.gcp_workloads import default_service_account, public_invocation, vpc_egress_verdict
from srmscan.check import check

SERVICE = "gcp.run.service"


@check(id="gcp.run.service_not_public", severity="critical", resource_type=SERVICE, reads=("iam_policy", "ingress"),
       title="Cloud Run service is not invocable by anyone on the internet",
       rationale="allUsers (or allAuthenticatedUsers: any Google account) holding the invoker role on a service "
                 "whose ingress admits the internet lets anyone call it, unauthenticated.",
       remediation="`gcloud run services remove-iam-policy-binding SERVICE --member=allUsers --role=roles/run.invoker` "
                   "(and allAuthenticatedUsers), or `--ingress=internal` for a service only the VPC calls.")
def service_not_public(service, snapshot):
    return public_invocation(service.config["iam_policy"], service.config["ingress"], ("internal",))


@check(id="gcp.run.service_dedicated_service_account", severity="medium", resource_type=SERVICE,
       reads=("service_account",), title="Cloud Run service runs as its own service account, not the Compute Engine default",
       rationale="The Compute Engine default service account often holds project Editor: every request the service "
                 "handles can then act on the whole project.",
       remediation="`gcloud run services update SERVICE --service-account=SA` with a service account granted only "
                   "what the service needs.")
def service_dedicated_service_account(service, snapshot):
    return default_service_account(service.config["service_account"])


@check(id="gcp.run.service_vpc_egress", severity="low", resource_type=SERVICE, reads=("vpc_access", "vpc_egress"),
       title="Cloud Run service reaches networks through a VPC (connector or Direct VPC egress)",
       rationale="Egress through the VPC puts the service's outbound traffic under the VPC's firewall rules, "
                 "Cloud NAT and flow logs; without it the service reaches the internet directly.",
       remediation="`gcloud run services update SERVICE --network=NET --subnet=SUBNET --vpc-egress=all-traffic` "
                   "(or `--vpc-connector=CONNECTOR`).")
def service_vpc_egress(service, snapshot):
    return vpc_egress_verdict(service.config["vpc_access"], service.config["vpc_egress"])
