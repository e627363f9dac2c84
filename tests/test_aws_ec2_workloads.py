"""EC2 beyond networking against moto's server over HTTP: subnets, volumes, snapshots and who may restore
them, the account's AMIs, launch templates' default versions, transit gateways."""

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION = "eu-west-1"


def test_ec2_workload_resources_are_read_and_judged(moto, aws_client):
    ec2 = aws_client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24", AvailabilityZone="eu-west-1a")["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    plain = ec2.create_volume(AvailabilityZone="eu-west-1a", Size=8)["VolumeId"]
    encrypted = ec2.create_volume(AvailabilityZone="eu-west-1a", Size=8, Encrypted=True)["VolumeId"]
    public = ec2.create_snapshot(VolumeId=plain, Description="public")["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=public, Attribute="createVolumePermission", OperationType="add",
                                  GroupNames=["all"])
    private = ec2.create_snapshot(VolumeId=encrypted, Description="private")["SnapshotId"]
    shared = ec2.create_snapshot(VolumeId=encrypted, Description="for a vendor")["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=shared, Attribute="createVolumePermission", OperationType="add",
                                  UserIds=["999999999999"])
    instance = ec2.run_instances(ImageId="ami-0a1b2c3d4e5f60718", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    image = ec2.create_image(InstanceId=instance, Name="golden")["ImageId"]
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"UserId": "999999999999"}]})
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={
        "MetadataOptions": {"HttpTokens": "required"},
        "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True}]})
    ec2.create_transit_gateway(Options={"AutoAcceptSharedAttachments": "enable"})

    # iam: the organisation's accounts (none here: outside any organisation, judged against this account alone)
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("ec2", "iam")), NoProgress())
    errors = {r.name: r.errors for r in snapshot.resources if r.errors}
    assert errors == {}, errors
    got = verdicts(snapshot)
    assert got[("aws.ec2.subnet_no_auto_public_ip", subnet)] == "FAIL"
    assert got[("aws.ec2.snapshot_not_public", public)] == "FAIL"
    assert got[("aws.ec2.snapshot_not_public", private)] == "PASS"
    assert got[("aws.ec2.snapshot_not_shared_outside", shared)] == "FAIL"
    assert got[("aws.ec2.snapshot_not_shared_outside", private)] == "PASS"
    assert got[("aws.ec2.image_not_shared_outside", image)] == "FAIL"
    assert got[("aws.ec2.attached_volume_encrypted", plain)] == "PASS"   # not attached
    assert got[("aws.ec2.launch_template_no_public_ip", "web")] == "FAIL"
    assert got[("aws.ec2.launch_template_imdsv2", "web")] == "PASS"
    assert [status for (check, _), status in got.items() if check == "aws.ec2.transit_gateway_no_auto_accept"] == ["FAIL"]
