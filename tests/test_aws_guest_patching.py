"""Guest OS patching on AWS over HTTP: EC2 instances and Inspector's account status from moto's server,
Systems Manager's managed instances and patch compliance from a stand-in in the real JSON shape
(fixtures/aws_standins.SystemsManager, two to a page)."""

from aws_standins import SystemsManager
from fault_proxy import FaultProxy
from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION, OTHER = "eu-west-1", "us-east-1"
IMAGE = "ami-0a1b2c3d4e5f60718"


def test_instances_are_judged_on_management_patches_and_inspector(moto, aws_client):
    ec2 = aws_client("ec2", REGION)
    ids = [ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, InstanceType="t3.micro")["Instances"][0]["InstanceId"]
           for _ in range(4)]
    patched, behind, unscanned, unmanaged = ids
    aws_client("inspector2", REGION).enable(accountIds=["123456789012"], resourceTypes=["EC2", "ECR"])
    ssm = SystemsManager({REGION: {
        "instances": {patched: "Online", behind: "ConnectionLost", unscanned: "Online"},
        "patches": {patched: ("COMPLIANT", 0, "UNSPECIFIED"), behind: ("NON_COMPLIANT", 4, "CRITICAL")},
        "public_sharing": "Disable"}})
    with FaultProxy(moto) as proxy:
        proxy.responders.append(ssm)
        snapshot = collect_account(AwsTarget(None, (REGION, OTHER), proxy.url, 8, ("ec2", "ssm", "inspector")),
                                   NoProgress())
    assert [e for r in snapshot.resources for e in r.errors] == []
    got = verdicts(snapshot)
    assert {i: got[("aws.ssm.instance_managed", i)] for i in ids} == {
        patched: "PASS", behind: "PASS", unscanned: "PASS", unmanaged: "FAIL"}
    assert {i: got[("aws.ssm.instance_patch_compliant", i)] for i in ids} == {
        patched: "PASS", behind: "FAIL", unscanned: "FAIL", unmanaged: "FAIL"}
    assert {check: got[(f"aws.inspector.{check}_scanning", REGION)]
            for check in ("ec2", "ecr", "lambda", "lambda_code")} == {
        "ec2": "PASS", "ecr": "PASS", "lambda": "FAIL", "lambda_code": "FAIL"}
    assert got[("aws.inspector.ec2_scanning", OTHER)] == "FAIL"     # never enabled there: no state at all
    assert got[("aws.ssm.block_public_sharing", REGION)] == "PASS"
    assert got[("aws.ssm.block_public_sharing", OTHER)] == "FAIL"   # AWS's default: Enable
