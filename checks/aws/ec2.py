"""EC2 (CIS AWS section 5 and 3.7): security groups, network ACLs, the default security group, EBS encryption
by default, IMDSv2, instance roles and VPC flow logs. Rule semantics live in srmscan.analysis.aws_network."""

from srmscan.analysis.aws_network import CIFS, OTHER_ADMINISTRATION, network_acl_open_ports, security_group_open_ports
from srmscan.check import check, failed, passed

@check(id="aws.ec2.instance_role", title="EC2 instances use an IAM instance role", severity="low",
       resource_type="aws.ec2.instance", reads=("iam_instance_profile",),
       rationale="Without an instance role, software on the instance uses long-lived keys stored on disk.",
       remediation="Attach an instance profile with the permissions the workload needs; remove stored keys.")
def instance_role(instance, snapshot):
    profile = instance.config["iam_instance_profile"]
    if profile:
        return passed(f"instance profile {profile}", instance_profile=profile)
    return failed("no IAM instance profile is attached")


@check(id="aws.ec2.vpc_flow_logs", title="VPC flow logging is enabled", severity="medium", resource_type="aws.ec2.vpc",
       reads=("region.flow_logs",),
       rationale="Flow logs record rejected (and accepted) connections: the trace of scanning and lateral movement.",
       remediation="`aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC --traffic-type REJECT` (or ALL).")
def vpc_flow_logs(vpc, snapshot):
    logs = [f for f in snapshot.region(vpc).config["flow_logs"] if f.get("ResourceId") == vpc.name]
    active = [f for f in logs if f.get("FlowLogStatus", "ACTIVE") == "ACTIVE" and f.get("TrafficType") in ("REJECT", "ALL")]
    if active:
        return passed(f"flow log {active[0]['FlowLogId']} records {active[0]['TrafficType']} traffic",
                      flow_logs=[f["FlowLogId"] for f in active])
    if logs:
        return failed("flow logs exist but none is active and records rejected traffic", flow_logs=logs)
    return failed("no flow log for this VPC")


SECURITY_GROUP = "aws.ec2.security_group"


def _open_ports_verdict(group, families: tuple[str, ...], ports=None):
    kwargs = {} if ports is None else {"ports": ports}
    found = [p for family in families for p in security_group_open_ports(group.config["ingress"], family, **kwargs)]
    if found:
        names = sorted({f"{p.service} ({p.protocol}/{p.port})" for p in found})
        return failed(f"open to the internet: {', '.join(names)} via {'; '.join(sorted({p.rule for p in found}))}",
                      open=[p.to_json() for p in found], group_name=group.config["group_name"])
    return passed("no inbound rule opens these ports to the whole internet", group_name=group.config["group_name"])


@check(id="aws.ec2.security_group_admin_ports_ipv4", severity="high", resource_type=SECURITY_GROUP,
       title="No security group allows ingress from 0.0.0.0/0 to remote administration ports", reads=("ingress", "group_name"),
       rationale="SSH, RDP and other administration ports open to the whole IPv4 internet are scanned and brute-forced "
                 "within minutes.",
       remediation="Restrict the source to your administration networks, or use Session Manager / a bastion instead.")
def admin_ports_ipv4(group, snapshot):
    return _open_ports_verdict(group, ("ipv4",))


@check(id="aws.ec2.security_group_admin_ports_ipv6", severity="high", resource_type=SECURITY_GROUP,
       title="No security group allows ingress from ::/0 to remote administration ports", reads=("ingress", "group_name"),
       rationale="The same exposure over IPv6: ::/0 is every IPv6 address.",
       remediation="Remove the ::/0 source from the rule or narrow it to your administration networks.")
def admin_ports_ipv6(group, snapshot):
    return _open_ports_verdict(group, ("ipv6",))


@check(id="aws.ec2.security_group_other_admin_ports", severity="high", resource_type=SECURITY_GROUP,
       title="No security group opens Telnet, VNC, WinRM or RDP over UDP to the internet",
       reads=("ingress", "group_name"),
       rationale="Remote administration services beyond SSH and RDP are scanned and attacked just the same.",
       remediation="Restrict the source to your administration networks, or reach the hosts through a bastion or "
                   "Session Manager.")
def other_admin_ports(group, snapshot):
    return _open_ports_verdict(group, ("ipv4", "ipv6"), OTHER_ADMINISTRATION)


@check(id="aws.ec2.security_group_cifs", severity="high", resource_type=SECURITY_GROUP,
       title="No security group allows CIFS/SMB (445) from the internet", reads=("ingress", "group_name"),
       rationale="SMB exposed to the internet is a classic ransomware and worm entry point.",
       remediation="Allow port 445 only from trusted networks.")
def cifs(group, snapshot):
    return _open_ports_verdict(group, ("ipv4", "ipv6"), CIFS)


@check(id="aws.ec2.default_security_group_closed", severity="medium", resource_type=SECURITY_GROUP,
       title="The default security group of every VPC allows no traffic", reads=("group_name", "ingress", "egress"),
       rationale="Resources launched without a chosen group land in the default one; with rules it silently "
                 "connects them.",
       remediation="Remove every inbound and outbound rule of the default security group; use dedicated groups.")
def default_security_group_closed(group, snapshot):
    if group.config["group_name"] != "default":
        return passed("not a default security group")
    ingress, egress = group.config["ingress"], group.config["egress"]
    if ingress or egress:
        return failed(f"the default security group has {len(ingress)} inbound and {len(egress)} outbound rule(s)",
                      ingress=ingress, egress=egress)
    return passed("the default security group has no rules")


@check(id="aws.ec2.network_acl_admin_ports", severity="medium", resource_type="aws.ec2.network_acl",
       title="No network ACL allows ingress from the internet to remote administration ports", reads=("entries",),
       rationale="A network ACL that admits SSH or RDP from anywhere leaves only the security group between the "
                 "internet and the hosts of the subnet.",
       remediation="Add a DENY entry for these ports from 0.0.0.0/0 and ::/0 with a lower rule number than any ALLOW, "
                   "or narrow the ALLOW entries to your administration networks.")
def network_acl_admin_ports(acl, snapshot):
    found = network_acl_open_ports(acl.config["entries"])
    if found:
        names = sorted({f"{p.service} ({p.protocol}/{p.port})" for p in found})
        return failed(f"admits {', '.join(names)} from anywhere: {'; '.join(sorted({p.rule for p in found}))}",
                      open=[p.to_json() for p in found])
    return passed("the first matching whole-internet entry denies every administration port")


@check(id="aws.ec2.ebs_default_encryption", title="EBS encryption by default is on in the region", severity="medium",
       resource_type="aws.region", reads=("ebs_encryption_by_default",),
       rationale="With encryption by default, no new volume or snapshot in the region can be created unencrypted.",
       remediation="`aws ec2 enable-ebs-encryption-by-default --region REGION`.")
def ebs_default_encryption(region, snapshot):
    if region.config["ebs_encryption_by_default"]:
        return passed("EBS encryption by default is on")
    return failed("EBS encryption by default is off")


@check(id="aws.ec2.instance_imdsv2", title="EC2 instances require IMDSv2", severity="medium",
       resource_type="aws.ec2.instance", reads=("metadata_options",),
       rationale="IMDSv1 answers any request from the instance, so an SSRF bug leaks the instance role's credentials.",
       remediation="`aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required`.")
def instance_imdsv2(instance, snapshot):
    options = instance.config["metadata_options"] or {}
    if options.get("HttpEndpoint") == "disabled":
        return passed("the metadata service is disabled")
    if options.get("HttpTokens") == "required":
        return passed("IMDSv2 (session tokens) is required")
    return failed(f"IMDSv1 is allowed (HttpTokens {options.get('HttpTokens', 'optional')})", metadata_options=options)
