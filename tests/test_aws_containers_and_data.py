"""ECR, DynamoDB, EKS and GuardDuty against moto's server over HTTP: each listed and read in a region, and
the FSBP checks judging what was read."""

import json

from srmscan.pipeline import Selection, evaluate_snapshots
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION = "eu-west-1"
ROLE_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def seed(aws_client):
    ecr = aws_client("ecr", REGION)
    ecr.create_repository(repositoryName="api", imageTagMutability="IMMUTABLE",
                          imageScanningConfiguration={"scanOnPush": True})
    ecr.put_lifecycle_policy(repositoryName="api", lifecyclePolicyText=json.dumps({"rules": [{
        "rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                                         "countNumber": 14}, "action": {"type": "expire"}}]}))
    ecr.create_repository(repositoryName="scratch")
    ecr.set_repository_policy(repositoryName="scratch", policyText=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"]}]}))
    dynamodb = aws_client("dynamodb", REGION)
    for name, protected in (("orders", True), ("sessions", False)):
        dynamodb.create_table(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST", DeletionProtectionEnabled=protected)
    dynamodb.update_continuous_backups(TableName="orders",
                                       PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    role = aws_client("iam").create_role(RoleName="eks", AssumeRolePolicyDocument=ROLE_POLICY)["Role"]["Arn"]
    eks = aws_client("eks", REGION)
    eks.create_cluster(name="platform", version="1.33", roleArn=role,
                       resourcesVpcConfig={"subnetIds": [], "endpointPublicAccess": True, "endpointPrivateAccess": False})
    aws_client("guardduty", REGION).create_detector(Enable=True, Features=[
        {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"},
        {"Name": "RUNTIME_MONITORING", "Status": "ENABLED",
         "AdditionalConfiguration": [{"Name": "EC2_AGENT_MANAGEMENT", "Status": "ENABLED"}]}])


def test_repositories_tables_clusters_and_detectors_are_read_and_judged(moto, aws_client):
    seed(aws_client)
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("ecr", "dynamodb", "eks", "guardduty")),
                               NoProgress())
    errors = {r.name: r.errors for r in snapshot.resources if r.errors}
    report = evaluate_snapshots([snapshot], Selection())
    got = {(f.check["id"], f.resource["name"]): f.status.value for f in report.findings}
    assert errors == {}, errors
    assert got[("aws.ecr.image_scanning", "api")] == "PASS"
    assert got[("aws.ecr.tag_immutability", "api")] == "PASS"
    assert got[("aws.ecr.tag_immutability", "scratch")] == "FAIL"
    assert got[("aws.ecr.lifecycle_policy", "api")] == "PASS"
    assert got[("aws.ecr.lifecycle_policy", "scratch")] == "FAIL"
    assert got[("aws.ecr.repository_not_public", "api")] == "PASS"
    assert got[("aws.ecr.repository_not_public", "scratch")] == "FAIL"
    assert got[("aws.dynamodb.point_in_time_recovery", "orders")] == "PASS"
    assert got[("aws.dynamodb.point_in_time_recovery", "sessions")] == "FAIL"
    assert got[("aws.dynamodb.deletion_protection", "orders")] == "PASS"
    assert got[("aws.dynamodb.deletion_protection", "sessions")] == "FAIL"
    assert got[("aws.eks.endpoint_not_public", "platform")] == "FAIL"
    assert got[("aws.eks.secrets_encrypted", "platform")] == "FAIL"
    assert got[("aws.guardduty.enabled", REGION)] == "PASS"
    assert got[("aws.guardduty.s3_protection", REGION)] == "PASS"
    assert got[("aws.guardduty.ec2_runtime", REGION)] == "PASS"
    assert got[("aws.guardduty.ecs_runtime", REGION)] == "FAIL"       # GuardDuty does not manage the Fargate agent
    assert got[("aws.guardduty.rds_protection", REGION)] == "FAIL"
