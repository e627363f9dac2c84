"""OpenSearch Service (AWS Foundational Security Best Practices Opensearch.1-.8, .10) and public access
policies."""

from srmscan.analysis.aws_policy import public_policy_verdict
from srmscan.analysis.engine_lifecycles import OPENSEARCH, OPENSEARCH_SOURCE, table_verdict
from srmscan.check import check, failed, judged, passed

DOMAIN = "aws.opensearch.domain"
TLS_1_2_POLICIES = ("Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10")


def _settings(domain):
    return domain.config["domain"]


@check(id="aws.opensearch.encrypted_at_rest", title="OpenSearch domains are encrypted at rest", severity="medium",
       resource_type=DOMAIN, reads=("domain",),
       rationale="An unencrypted domain leaves its indices, logs and snapshots readable on the storage.",
       remediation="Turn on encryption at rest (new domains, or a blue/green update on current versions).")
def encrypted_at_rest(domain, snapshot):
    return judged(_settings(domain)["encrypted_at_rest"], "encryption at rest is on", "encryption at rest is off")


@check(id="aws.opensearch.in_vpc", title="OpenSearch domains are not publicly accessible (in a VPC)", severity="critical",
       resource_type=DOMAIN, reads=("domain",),
       rationale="A domain outside a VPC has a public endpoint; only its access policy stands in the way.",
       remediation="Create the domain in a VPC (placement cannot be changed later) and migrate the data.")
def in_vpc(domain, snapshot):
    vpc = _settings(domain)["vpc_id"]
    if vpc:
        return passed(f"the domain is in {vpc}", vpc_id=vpc)
    return failed("the domain has a public endpoint (not in a VPC)")


@check(id="aws.opensearch.access_policy_not_public", title="OpenSearch access policies do not grant the domain to "
       "everyone", severity="critical", resource_type=DOMAIN, reads=("domain",),
       rationale="A public access policy on a public endpoint opens every index to the internet.",
       remediation="Name the roles in the access policy, or limit it with aws:SourceIp / aws:PrincipalOrgID on fixed values.")
def access_policy_not_public(domain, snapshot):
    return public_policy_verdict(_settings(domain)["access_policies"], "domain")


@check(id="aws.opensearch.node_to_node_encryption", title="OpenSearch domains encrypt traffic between nodes",
       severity="medium", resource_type=DOMAIN, reads=("domain",),
       rationale="Without node-to-node encryption, data moves in clear text inside the cluster's network.",
       remediation="Turn on node-to-node encryption.")
def node_to_node_encryption(domain, snapshot):
    return judged(_settings(domain)["node_to_node_encryption"], "node-to-node encryption is on", "node-to-node encryption is off")


@check(id="aws.opensearch.error_logging", title="OpenSearch domains send error logs to CloudWatch Logs",
       severity="medium", resource_type=DOMAIN, reads=("domain",),
       rationale="Error logs show failed and abusive requests against the domain.",
       remediation="Publish ES_APPLICATION_LOGS to a CloudWatch Logs group.")
def error_logging(domain, snapshot):
    return judged("ES_APPLICATION_LOGS" in _settings(domain)["logs"], "error logs are published", "error logs are not published")


@check(id="aws.opensearch.audit_logging", title="OpenSearch domains have audit logging", severity="medium",
       resource_type=DOMAIN, reads=("domain",),
       rationale="Without the audit log there is no record of who read or changed which index.",
       remediation="Turn on fine-grained access control and publish AUDIT_LOGS to CloudWatch Logs.")
def audit_logging(domain, snapshot):
    return judged("AUDIT_LOGS" in _settings(domain)["logs"], "audit logs are published", "audit logs are not published")


@check(id="aws.opensearch.three_data_nodes", title="OpenSearch domains have at least three data nodes",
       severity="medium", resource_type=DOMAIN, reads=("domain",),
       rationale="Fewer than three data nodes cannot keep a replica of every shard through the loss of a node.",
       remediation="Set the data node count to 3 or more, across zones.")
def three_data_nodes(domain, snapshot):
    count = _settings(domain)["instance_count"] or 0
    if count >= 3:
        return passed(f"{count} data nodes", nodes=count)
    return failed(f"{count} data node(s)", nodes=count)


@check(id="aws.opensearch.fine_grained_access_control", title="OpenSearch domains have fine-grained access control",
       severity="high", resource_type=DOMAIN, reads=("domain",),
       rationale="Without it, whoever passes the access policy can read and write every index.",
       remediation="Turn on fine-grained access control with an IAM or internal master user.")
def fine_grained_access_control(domain, snapshot):
    return judged(_settings(domain)["fine_grained_access_control"], "fine-grained access control is on", "fine-grained access control is off")


@check(id="aws.opensearch.tls_policy", title="OpenSearch domains require TLS 1.2", severity="medium",
       resource_type=DOMAIN, reads=("domain",),
       rationale="Older TLS policies accept TLS 1.0 and 1.1, whose weaknesses expose data in transit.",
       remediation="Set the domain endpoint's TLS security policy to Policy-Min-TLS-1-2-PFS-2023-10.")
def tls_policy(domain, snapshot):
    policy = _settings(domain)["tls_policy"]
    if policy in TLS_1_2_POLICIES:
        return passed(f"TLS policy {policy}")
    return failed(f"TLS policy {policy or 'not set'}", policy=policy)


@check(id="aws.opensearch.software_up_to_date", title="OpenSearch domains have the latest service software",
       severity="low", resource_type=DOMAIN, reads=("domain",),
       rationale="Service software updates carry security fixes; applying them is the customer's choice.",
       remediation="`aws opensearch start-service-software-update --domain-name D`.")
def software_up_to_date(domain, snapshot):
    if _settings(domain)["update_available"]:
        return failed("a service software update is available and not installed")
    return passed("no service software update is pending")


@check(id="aws.opensearch.engine_supported", title="OpenSearch domains run an engine version in standard support",
       severity="medium", resource_type=DOMAIN, reads=("domain", "account.read_at"),
       rationale="Past the end of standard support an engine version gets only critical security fixes, and only "
                 "under paid Extended Support; keeping the engine current is the customer's side of the domain.",
       remediation="Upgrade the domain in place to a version in standard support (`aws opensearch upgrade-domain "
                   "--target-version OpenSearch_2.19`).")
def engine_supported(domain, snapshot):
    engine, _, version = str(_settings(domain).get("engine_version") or "").partition("_")
    day = snapshot.read_on(domain)
    return table_verdict(OPENSEARCH, OPENSEARCH_SOURCE, engine, version, day)
