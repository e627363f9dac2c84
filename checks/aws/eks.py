"""EKS (AWS Foundational Security Best Practices EKS.1, .2, .3, .8): private endpoint, supported Kubernetes
version, encrypted secrets, audit logging."""

from srmscan.analysis.runtimes import EKS_SOURCE, eks_version_support
from srmscan.check import check, failed, passed, undetermined

CLUSTER = "aws.eks.cluster"


@check(id="aws.eks.endpoint_not_public", title="EKS cluster endpoints are not publicly accessible", severity="high",
       resource_type=CLUSTER, reads=("settings",),
       rationale="A public API server endpoint puts the cluster's control plane one stolen credential (or one "
                 "Kubernetes vulnerability) away from the internet.",
       remediation="Turn on the private endpoint and turn off the public one (`aws eks update-cluster-config "
                   "--resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true`).")
def endpoint_not_public(cluster, snapshot):
    settings = cluster.config["settings"]
    if not settings["endpoint_public"]:
        return passed("the API server endpoint is private only")
    return failed(f"the API server endpoint is public (allowed from {', '.join(settings['public_cidrs'])})",
                  public_cidrs=settings["public_cidrs"])


@check(id="aws.eks.supported_version", title="EKS clusters run a Kubernetes version AWS still supports",
       severity="high", resource_type=CLUSTER, reads=("settings", "account.read_at"),
       rationale="A Kubernetes version past its support gets no more security fixes; keeping it current is "
                 "the customer's side of the managed control plane.",
       remediation="Upgrade the cluster one minor version at a time (`aws eks update-cluster-version`).")
def supported_version(cluster, snapshot):
    version = cluster.config["settings"]["version"]
    day = snapshot.read_on(cluster)
    phase, until = eks_version_support(str(version), day)
    if phase == "unknown":
        return undetermined(f"Kubernetes {version} is not in srmscan's version table ({EKS_SOURCE}); update srmscan",
                            version=version)
    if phase == "standard":
        return passed(f"Kubernetes {version} is in standard support until {until.isoformat()}", version=version)
    if phase == "extended":
        return passed(f"Kubernetes {version} is in extended support (paid) until {until.isoformat()}; plan the "
                      "upgrade", version=version, extended_until=until.isoformat())
    return failed(f"Kubernetes {version} is past its support" + (f" (ended {until.isoformat()})" if until else ""),
                  version=version)


@check(id="aws.eks.secrets_encrypted", title="EKS clusters encrypt Kubernetes secrets with KMS", severity="medium",
       resource_type=CLUSTER, reads=("settings",),
       rationale="Envelope encryption with a KMS key keeps secrets unreadable in etcd backups and snapshots.",
       remediation="`aws eks associate-encryption-config` with a KMS key for the `secrets` resource.")
def secrets_encrypted(cluster, snapshot):
    if "secrets" in cluster.config["settings"]["encrypted_resources"]:
        return passed("Kubernetes secrets are envelope-encrypted with KMS")
    return failed("Kubernetes secrets are not envelope-encrypted with KMS")


@check(id="aws.eks.audit_logging", title="EKS clusters send control-plane audit logs to CloudWatch", severity="medium",
       resource_type=CLUSTER, reads=("settings",),
       rationale="Without the audit log there is no record of who did what through the Kubernetes API.",
       remediation="`aws eks update-cluster-config --logging '{\"clusterLogging\":[{\"types\":[\"audit\"],"
                   "\"enabled\":true}]}'`.")
def audit_logging(cluster, snapshot):
    types = cluster.config["settings"]["log_types"]
    if "audit" in types:
        return passed(f"control-plane logs sent: {', '.join(types)}", log_types=types)
    return failed("the audit log is not sent" + (f" (sent: {', '.join(types)})" if types else ""), log_types=types)
