"""The Lambda service against moto's server over HTTP: functions listed in each region, their resource
policies read (a function without one is "no policy", not an error), the region's subnets, and the three
FSBP checks judging what was read. Environment variable values never reach the snapshot."""

import io
import json
import zipfile

from srmscan.pipeline import Selection, evaluate_snapshots
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

ACCOUNT = "123456789012"
ROLE_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def _code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


def seed(aws_client):
    role = aws_client("iam").create_role(RoleName="fn-role", AssumeRolePolicyDocument=ROLE_POLICY)["Role"]["Arn"]
    ec2 = aws_client("ec2", "eu-west-1")
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnet_a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.1.0/24", AvailabilityZone="eu-west-1a")["Subnet"]["SubnetId"]
    subnet_a2 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.2.0/24", AvailabilityZone="eu-west-1a")["Subnet"]["SubnetId"]
    subnet_b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.3.0/24", AvailabilityZone="eu-west-1b")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="fn", Description="fn", VpcId=vpc)["GroupId"]
    functions = aws_client("lambda", "eu-west-1")

    def create(name, runtime="python3.12", subnets=(), **extra):
        vpc_config = {"VpcConfig": {"SubnetIds": list(subnets), "SecurityGroupIds": [group]}} if subnets else {}
        functions.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler="handler.handler",
                                  Code={"ZipFile": _code()}, **vpc_config, **extra)

    create("orders-api", subnets=(subnet_a, subnet_b),
           Environment={"Variables": {"DB_PASSWORD": "hunter2-not-for-snapshots"}})
    create("legacy-report", runtime="python3.9", subnets=(subnet_a, subnet_a2))
    create("thumbnailer")
    functions.add_permission(FunctionName="thumbnailer", StatementId="anyone", Action="lambda:InvokeFunction",
                             Principal="*")
    create("uploads-hook")
    functions.add_permission(FunctionName="uploads-hook", StatementId="from-our-bucket", Action="lambda:InvokeFunction",
                             Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::acme-uploads",
                             SourceAccount=ACCOUNT)


def test_functions_are_read_and_judged(moto, aws_client):
    seed(aws_client)
    snapshot = collect_account(AwsTarget(None, ("eu-west-1",), moto, 8, ("lambda",)), NoProgress())
    functions = {r.name: r for r in snapshot.resources if r.type == "aws.lambda.function"}
    assert set(functions) == {"orders-api", "legacy-report", "thumbnailer", "uploads-hook"}
    assert all(not r.errors for r in snapshot.resources), {r.name: r.errors for r in snapshot.resources if r.errors}
    assert functions["orders-api"].config["policy"] is None   # no resource policy: an answer, not an error
    assert len(functions["orders-api"].config["vpc_subnets"]) == 2
    assert "hunter2" not in json.dumps(snapshot.to_json())   # environment values are never read into it
    report = evaluate_snapshots([snapshot], Selection())
    got = {(f.check["id"], f.resource["name"]): f.status.value for f in report.findings
           if f.check["id"].startswith("aws.lambda.")}
    assert got == {
        ("aws.lambda.function_not_public", "orders-api"): "PASS",
        ("aws.lambda.function_not_public", "legacy-report"): "PASS",
        ("aws.lambda.function_not_public", "thumbnailer"): "FAIL",
        ("aws.lambda.function_not_public", "uploads-hook"): "PASS",
        ("aws.lambda.supported_runtime", "orders-api"): "PASS",
        ("aws.lambda.supported_runtime", "legacy-report"): "FAIL",
        ("aws.lambda.supported_runtime", "thumbnailer"): "PASS",
        ("aws.lambda.supported_runtime", "uploads-hook"): "PASS",
        ("aws.lambda.vpc_multi_az", "orders-api"): "PASS",
        ("aws.lambda.vpc_multi_az", "legacy-report"): "FAIL",
        ("aws.lambda.vpc_multi_az", "thumbnailer"): "PASS",
        ("aws.lambda.vpc_multi_az", "uploads-hook"): "PASS",
    }
