"""EC2 and VPC networking (regional): security groups, network ACLs, VPCs with their flow logs,
instances' metadata options, and EBS encryption by default."""

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
            "iam_instance_profile": lambda i: (i.get("IamInstanceProfile") or {}).get("Arn")}),
    keep=lambda i: (i.get("State") or {}).get("Name") not in ("terminated", "shutting-down"),
)

TYPES = (SECURITY_GROUP, NETWORK_ACL, VPC, INSTANCE)
SCOPE_READS = {REGION_TYPE: (
    Read("ebs_encryption_by_default", Call("get_ebs_encryption_by_default", service="ec2"),
         "ec2:GetEbsEncryptionByDefault", lambda r: bool(r["EbsEncryptionByDefault"])),
    # Every flow log of the region in one paginated call; checks match them to VPCs.
    Read("flow_logs", Call("describe_flow_logs", service="ec2", pages=True), "ec2:DescribeFlowLogs",
         lambda r: [{k: f.get(k) for k in ("FlowLogId", "ResourceId", "TrafficType", "FlowLogStatus",
                                             "LogDestinationType")} for f in r.get("FlowLogs", [])]),
)}
