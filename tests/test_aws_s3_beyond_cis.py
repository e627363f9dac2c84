"""S3 beyond CIS against moto's server over HTTP: lifecycle configurations read (none is an answer, not an error)
and bucket policies judged for other accounts' control of the bucket (FSBP S3.6, S3.13)."""

import json

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account
from srmscan.providers.aws.session import account_host_fix

REGION = "eu-west-1"


def test_lifecycle_and_foreign_control_are_read_and_judged(moto, aws_client):
    s3 = aws_client("s3", REGION)
    for name in ("logs", "shared"):
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_lifecycle_configuration(Bucket="logs", LifecycleConfiguration={"Rules": [
        {"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 365}}]})
    s3.put_bucket_policy(Bucket="shared", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
         "Action": ["s3:GetObject", "s3:PutObjectAcl"], "Resource": "arn:aws:s3:::shared/*"}]}))
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("s3",)), NoProgress())
    assert {r.name: r.errors for r in snapshot.resources if r.errors} == {}
    got = verdicts(snapshot)
    assert got[("aws.s3.bucket_lifecycle", "logs")] == "PASS"
    assert got[("aws.s3.bucket_lifecycle", "shared")] == "FAIL"
    assert got[("aws.s3.bucket_no_foreign_control", "logs")] == "PASS"
    assert got[("aws.s3.bucket_no_foreign_control", "shared")] == "FAIL"


def test_access_points_are_listed_per_region_and_judged(moto, aws_client):
    """S3 Control's ListAccessPoints (per region, AccountId from the scanned account) and GetAccessPoint for each
    access point's own Block Public Access settings (FSBP S3.19)."""
    s3 = aws_client("s3", REGION)
    s3.create_bucket(Bucket="shared-data", CreateBucketConfiguration={"LocationConstraint": REGION})
    control = aws_client("s3control", REGION)
    control.meta.events.register("before-sign.s3-control", account_host_fix(moto))   # moto has no ACCOUNT.host
    account = aws_client("sts", REGION).get_caller_identity()["Account"]
    control.create_access_point(AccountId=account, Name="analytics", Bucket="shared-data")
    control.create_access_point(AccountId=account, Name="partner-feed", Bucket="shared-data",
                                PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                                                "BlockPublicPolicy": False,
                                                                "RestrictPublicBuckets": False})
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("s3control",)), NoProgress())
    assert {r.name: r.errors for r in snapshot.resources if r.errors} == {}
    got = verdicts(snapshot)
    assert got[("aws.s3control.access_point_public_access_block", "analytics")] == "PASS"      # the default: all on
    assert got[("aws.s3control.access_point_public_access_block", "partner-feed")] == "FAIL"
    points = {r.name: r.config for r in snapshot.resources if r.type == "aws.s3control.access_point"}
    assert points["partner-feed"]["bucket"] == "shared-data"
