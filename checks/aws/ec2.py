"""EC2 (CIS AWS section 5 and 3.7): security groups, network ACLs, the default security group, EBS encryption
by default, IMDSv2, instance roles and VPC flow logs. Rule semantics live in srmscan.analysis.aws_network."""

from srmscan.analysis.aws_network import CIFS, OTHER_ADMINISTRATION, network_acl_open_ports, security_group_open_ports
from srmscan.analysis.aws_sharing import sharing_verdict
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


@check(id="aws.ec2.instance_no_public_ip", title="EC2 instances have no public IPv4 address", severity="high",
       resource_type="aws.ec2.instance", reads=("public_ip",),
       rationale="A public address puts the instance on the internet, where only its security groups stand "
                 "between it and every scanner.",
       remediation="Move the instance behind a load balancer or NAT in a private subnet; release its public IP.")
def instance_no_public_ip(instance, snapshot):
    if instance.config["public_ip"]:
        return failed(f"the instance has public address {instance.config['public_ip']}",
                      public_ip=instance.config["public_ip"])
    return passed("the instance has no public IPv4 address")


@check(id="aws.ec2.subnet_no_auto_public_ip", title="Subnets do not assign public IPv4 addresses automatically",
       severity="medium", resource_type="aws.ec2.subnet", reads=("map_public_ip_on_launch",),
       rationale="A subnet that maps public IPs on launch puts every new instance on the internet by default.",
       remediation="`aws ec2 modify-subnet-attribute --subnet-id S --no-map-public-ip-on-launch`.")
def subnet_no_auto_public_ip(subnet, snapshot):
    if subnet.config["map_public_ip_on_launch"]:
        return failed("instances launched here get a public IPv4 address")
    return passed("no public IPv4 address on launch")


@check(id="aws.ec2.attached_volume_encrypted", title="Attached EBS volumes are encrypted at rest", severity="medium",
       resource_type="aws.ec2.volume", reads=("encrypted", "attached_to", "kms_key"),
       rationale="An unencrypted volume's data, and every snapshot of it, is readable to whoever gets the storage.",
       remediation="Snapshot the volume, copy the snapshot with encryption, and replace the volume with one "
                   "restored from the encrypted copy.")
def attached_volume_encrypted(volume, snapshot):
    if not volume.config["attached_to"]:
        return passed("the volume is not attached to an instance")
    if volume.config["encrypted"]:
        return passed(f"encrypted with {volume.config['kms_key'] or 'the default EBS key'}")
    return failed(f"attached to {', '.join(volume.config['attached_to'])} and not encrypted",
                  attached_to=volume.config["attached_to"])


@check(id="aws.ec2.snapshot_not_public", title="EBS snapshots are not publicly restorable", severity="critical",
       resource_type="aws.ec2.snapshot", reads=("create_volume_permissions",),
       rationale="A public snapshot lets every AWS account create a volume from it, with all its data.",
       remediation="`aws ec2 modify-snapshot-attribute --snapshot-id S --attribute createVolumePermission "
                   "--operation-type remove --group-names all`.")
def snapshot_not_public(snap, snapshot):
    permissions = snap.config["create_volume_permissions"]
    if any(p.get("Group") == "all" for p in permissions):
        return failed("every AWS account may create a volume from it (group all)")
    accounts = sorted(p["UserId"] for p in permissions if p.get("UserId"))
    return passed(f"restorable by {', '.join(accounts)} only" if accounts else "restorable by this account only",
                  shared_with=accounts)


@check(id="aws.ec2.image_not_public", title="The account's AMIs are not public", severity="high",
       resource_type="aws.ec2.image", reads=("public",),
       rationale="A public AMI can be launched by anyone, with whatever credentials and data were baked into it.",
       remediation="`aws ec2 modify-image-attribute --image-id AMI --launch-permission \"Remove=[{Group=all}]\"`.")
def image_not_public(image, snapshot):
    if image.config["public"]:
        return failed("the AMI is public")
    return passed("the AMI is private")


@check(id="aws.ec2.snapshot_not_shared_outside", title="EBS snapshots are not shared with accounts outside the "
       "organisation", severity="high", resource_type="aws.ec2.snapshot",
       reads=("create_volume_permissions", "account.organization_accounts"),
       rationale="An account the snapshot is shared with can create a volume from it and read all its data; outside "
                 "the organisation that is a third party no policy of yours governs.",
       remediation="Remove the outside account from the snapshot's createVolumePermission (or copy the data to it "
                   "deliberately, with an agreement).")
def snapshot_not_shared_outside(snap, snapshot):
    accounts = [p["UserId"] for p in snap.config["create_volume_permissions"] if p.get("UserId")]
    return sharing_verdict(accounts, snap.account, snapshot.account(snap).config["organization_accounts"], "snapshot")


@check(id="aws.ec2.image_not_shared_outside", title="The account's AMIs are not shared with accounts outside the "
       "organisation", severity="high", resource_type="aws.ec2.image",
       reads=("launch_permissions", "account.organization_accounts"),
       rationale="An account the AMI is shared with can launch it and read whatever was baked into it.",
       remediation="`aws ec2 modify-image-attribute --image-id AMI --launch-permission \"Remove=[{UserId=ACCOUNT}]\"`.")
def image_not_shared_outside(image, snapshot):
    permissions = image.config["launch_permissions"]
    accounts = [p["UserId"] for p in permissions if p.get("UserId")]
    groups = [p.get("OrganizationArn") or p["OrganizationalUnitArn"] for p in permissions
              if p.get("OrganizationArn") or p.get("OrganizationalUnitArn")]
    return sharing_verdict(accounts, image.account, snapshot.account(image).config["organization_accounts"], "AMI",
                           groups)


@check(id="aws.ec2.launch_template_no_public_ip", title="Launch templates do not give network interfaces public IPs",
       severity="medium", resource_type="aws.ec2.launch_template", reads=("default_version",),
       rationale="Every instance launched from such a template is on the internet from its first second.",
       remediation="Create a new default version whose network interfaces set AssociatePublicIpAddress to false.")
def launch_template_no_public_ip(template, snapshot):
    interfaces = template.config["default_version"]["public_ip_interfaces"]
    if interfaces:
        return failed(f"the default version gives interface(s) {', '.join(map(str, interfaces))} a public IP",
                      device_indexes=interfaces)
    return passed("the default version assigns no public IP")


@check(id="aws.ec2.launch_template_imdsv2", title="Launch templates require IMDSv2", severity="medium",
       resource_type="aws.ec2.launch_template", reads=("default_version",),
       rationale="Instances launched without required session tokens expose their role credentials to SSRF.",
       remediation="Create a new default version with MetadataOptions HttpTokens=required.")
def launch_template_imdsv2(template, snapshot):
    version = template.config["default_version"]
    if version["http_endpoint"] == "disabled":
        return passed("the instance metadata service is disabled")
    if version["http_tokens"] == "required":
        return passed("IMDSv2 (session tokens) is required")
    return failed(f"HttpTokens is {version['http_tokens'] or 'not set (the AMI or account default applies)'}",
                  http_tokens=version["http_tokens"])


@check(id="aws.ec2.transit_gateway_no_auto_accept", title="Transit gateways do not accept shared attachments "
       "automatically", severity="high", resource_type="aws.ec2.transit_gateway",
       reads=("auto_accept_shared_attachments",),
       rationale="Auto-accept lets any account the gateway is shared with attach its VPCs without review.",
       remediation="`aws ec2 modify-transit-gateway --options AutoAcceptSharedAttachments=disable`.")
def transit_gateway_no_auto_accept(gateway, snapshot):
    if gateway.config["auto_accept_shared_attachments"] == "enable":
        return failed("shared VPC attachments are accepted automatically")
    return passed("shared VPC attachments need acceptance")
