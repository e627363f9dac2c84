"""S3 beyond CIS against moto's server over HTTP: lifecycle configurations read (none is an answer, not an error)
and bucket policies judged for other accounts' control of the bucket (FSBP S3.6, S3.13)."""

import json

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

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
