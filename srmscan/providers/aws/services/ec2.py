"""EC2 and VPC (regional): security groups, network ACLs, VPCs with their flow logs, subnets, instances,
EBS volumes and snapshots (with who may restore each snapshot), the account's own AMIs, launch templates'
default versions, transit gateways, and EBS encryption by default."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, REGION_TYPE, Call, arn, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType

MAX_RESULTS = {"MaxResults": 1000}  # batch: the largest page each Describe* call allows


def _instances(page: dict) -> list[dict]:
    return [instance for reservation in page.get("Reservations", []) for instance in reservation.get("Instances", [])]


SECURITY_GROUP = ResourceType(
    type="aws.ec2.security_group",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_security_groups", params=MAX_RESULTS), "ec2:DescribeSecurityGroups",
                    lambda page: page.get("SecurityGroups", [])),
    identity=lambda g, scope: (arn(scope, "ec2", f"security-group/{g['GroupId']}"), g["GroupId"]),
    config=fields({"group_name": item("GroupName"), "vpc_id": item("VpcId"), "ingress": item("IpPermissions", []),
            "egress": item("IpPermissionsEgress", [])}),
)

NETWORK_ACL = ResourceType(
    type="aws.ec2.network_acl",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_network_acls", params=MAX_RESULTS), "ec2:DescribeNetworkAcls",
                    lambda page: page.get("NetworkAcls", [])),
    identity=lambda a, scope: (arn(scope, "ec2", f"network-acl/{a['NetworkAclId']}"), a["NetworkAclId"]),
    config=fields({"vpc_id": item("VpcId"), "is_default": item("IsDefault", False), "entries": item("Entries", []),
            "subnets": lambda a: sorted(x["SubnetId"] for x in a.get("Associations", []) if x.get("SubnetId"))}),
)

VPC = ResourceType(
    type="aws.ec2.vpc",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_vpcs", params=MAX_RESULTS), "ec2:DescribeVpcs", lambda page: page.get("Vpcs", [])),
    identity=lambda v, scope: (arn(scope, "ec2", f"vpc/{v['VpcId']}"), v["VpcId"]),
    config=fields({"is_default": item("IsDefault", False), "cidr_block": item("CidrBlock")}),
)

INSTANCE = ResourceType(
    type="aws.ec2.instance",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_instances", params=MAX_RESULTS), "ec2:DescribeInstances", _instances),
    identity=lambda i, scope: (arn(scope, "ec2", f"instance/{i['InstanceId']}"), i["InstanceId"]),
    config=fields({"state": lambda i: (i.get("State") or {}).get("Name"), "metadata_options": item("MetadataOptions"),
            "iam_instance_profile": lambda i: (i.get("IamInstanceProfile") or {}).get("Arn"),
            "public_ip": item("PublicIpAddress")}),
    keep=lambda i: (i.get("State") or {}).get("Name") not in ("terminated", "shutting-down"),
)

SUBNET = ResourceType(
    type="aws.ec2.subnet",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_subnets", params=MAX_RESULTS), "ec2:DescribeSubnets",
                    lambda page: page.get("Subnets", [])),
    identity=lambda s, scope: (s.get("SubnetArn") or arn(scope, "ec2", f"subnet/{s['SubnetId']}"), s["SubnetId"]),
    config=fields({"vpc_id": item("VpcId"), "zone": item("AvailabilityZone"),
                   "map_public_ip_on_launch": item("MapPublicIpOnLaunch", False), "default_for_az": item("DefaultForAz", False)}),
)

VOLUME = ResourceType(
    type="aws.ec2.volume",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_volumes", params=MAX_RESULTS), "ec2:DescribeVolumes", lambda page: page.get("Volumes", [])),
    identity=lambda v, scope: (arn(scope, "ec2", f"volume/{v['VolumeId']}"), v["VolumeId"]),
    config=fields({"encrypted": item("Encrypted", False), "kms_key": item("KmsKeyId"),
                   "attached_to": lambda v: sorted(a["InstanceId"] for a in v.get("Attachments", []) if a.get("InstanceId"))}),
)

SNAPSHOT = ResourceType(
    type="aws.ec2.snapshot",
    service="ec2",
    scope=REGIONAL,
    # the account's own snapshots only (not the public ones of others)
    listing=Listing(Call("describe_snapshots", params={"OwnerIds": ["self"], "MaxResults": 1000}), "ec2:DescribeSnapshots",
                    lambda page: page.get("Snapshots", [])),
    # snapshot and AMI ARNs carry no account
    identity=lambda s, scope: (f"arn:{scope.partition}:ec2:{scope.region}::snapshot/{s['SnapshotId']}", s["SnapshotId"]),
    config=fields({"encrypted": item("Encrypted", False), "volume_id": item("VolumeId")}),
    reads=(
        Read("create_volume_permissions",
             Call("describe_snapshot_attribute", params=lambda snap: {"SnapshotId": snap.name,
                                                                      "Attribute": "createVolumePermission"}),
             "ec2:DescribeSnapshotAttribute",
             lambda r: [{k: p[k] for k in ("Group", "UserId") if k in p} for p in r.get("CreateVolumePermissions", [])]),
    ),
)

IMAGE = ResourceType(
    type="aws.ec2.image",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_images", params={"Owners": ["self"]}), "ec2:DescribeImages",
                    lambda page: page.get("Images", [])),
    identity=lambda i, scope: (f"arn:{scope.partition}:ec2:{scope.region}::image/{i['ImageId']}", i["ImageId"]),
    config=fields({"public": item("Public", False), "image_name": item("Name")}),
    reads=(
        # who may launch it: accounts (UserId), everyone (Group all), organisations or OUs (their ARNs)
        Read("launch_permissions",
             Call("describe_image_attribute", params=lambda image: {"ImageId": image.name, "Attribute": "launchPermission"}),
             "ec2:DescribeImageAttribute",
             lambda r: [{k: p[k] for k in ("Group", "UserId", "OrganizationArn", "OrganizationalUnitArn") if k in p}
                        for p in r.get("LaunchPermissions", [])]),
    ),
)


def _template_settings(answer: dict) -> dict:
    versions = answer.get("LaunchTemplateVersions") or [{}]
    data = versions[0].get("LaunchTemplateData") or {}
    return {"version": versions[0].get("VersionNumber"),
            "public_ip_interfaces": [n.get("DeviceIndex") for n in data.get("NetworkInterfaces") or []
                                     if n.get("AssociatePublicIpAddress")],
            "http_tokens": (data.get("MetadataOptions") or {}).get("HttpTokens"),
            "http_endpoint": (data.get("MetadataOptions") or {}).get("HttpEndpoint")}


LAUNCH_TEMPLATE = ResourceType(
    type="aws.ec2.launch_template",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_launch_templates", params=MAX_RESULTS), "ec2:DescribeLaunchTemplates",
                    lambda page: page.get("LaunchTemplates", [])),
    identity=lambda t, scope: (arn(scope, "ec2", f"launch-template/{t['LaunchTemplateId']}"), t["LaunchTemplateName"]),
    config=fields({"template_id": item("LaunchTemplateId")}),
    reads=(
        Read("default_version", Call("describe_launch_template_versions", params=lambda t: {
                 "LaunchTemplateId": t.config["template_id"], "Versions": ["$Default"]}),
             "ec2:DescribeLaunchTemplateVersions", _template_settings),
    ),
)

TRANSIT_GATEWAY = ResourceType(
    type="aws.ec2.transit_gateway",
    service="ec2",
    scope=REGIONAL,
    listing=Listing(Call("describe_transit_gateways", params=MAX_RESULTS), "ec2:DescribeTransitGateways",
                    lambda page: page.get("TransitGateways", [])),
    identity=lambda t, scope: (t.get("TransitGatewayArn") or arn(scope, "ec2", f"transit-gateway/{t['TransitGatewayId']}"),
                               t["TransitGatewayId"]),
    config=fields({"auto_accept_shared_attachments":
                   lambda t: (t.get("Options") or {}).get("AutoAcceptSharedAttachments", "disable")}),
    keep=lambda t: t.get("State") not in ("deleted", "deleting"),
)

TYPES = (SECURITY_GROUP, NETWORK_ACL, VPC, INSTANCE, SUBNET, VOLUME, SNAPSHOT, IMAGE, LAUNCH_TEMPLATE, TRANSIT_GATEWAY)
SCOPE_READS = {REGION_TYPE: (
    Read("ebs_encryption_by_default", Call("get_ebs_encryption_by_default", service="ec2"),
         "ec2:GetEbsEncryptionByDefault", lambda r: bool(r["EbsEncryptionByDefault"])),
    # Every flow log of the region in one paginated call; checks match them to VPCs.
    Read("flow_logs", Call("describe_flow_logs", service="ec2", pages=True), "ec2:DescribeFlowLogs",
         lambda r: [{k: f.get(k) for k in ("FlowLogId", "ResourceId", "TrafficType", "FlowLogStatus",
                                             "LogDestinationType")} for f in r.get("FlowLogs", [])]),
)}
