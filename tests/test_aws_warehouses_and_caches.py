"""Redshift, ElastiCache and Step Functions against moto's server over HTTP: listed and read in a region,
judged by their FSBP checks."""

import json

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION = "eu-west-1"
ROLE_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def test_clusters_caches_and_state_machines_are_read_and_judged(moto, aws_client):
    aws_client("redshift", REGION).create_cluster(
        ClusterIdentifier="warehouse", NodeType="ra3.xlplus", MasterUsername="awsuser",
        MasterUserPassword="Not-a-real-one-1", ClusterType="single-node", PubliclyAccessible=True)
    cache = aws_client("elasticache", REGION)
    cache.create_cache_cluster(CacheClusterId="sessions", Engine="redis", CacheNodeType="cache.t4g.micro",
                               NumCacheNodes=1, AutoMinorVersionUpgrade=False)
    role = aws_client("iam").create_role(RoleName="flows", AssumeRolePolicyDocument=ROLE_POLICY)["Role"]["Arn"]
    aws_client("stepfunctions", REGION).create_state_machine(
        name="orders", roleArn=role, definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}))

    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("redshift", "elasticache", "stepfunctions")),
                               NoProgress())
    errors = {r.name: r.errors for r in snapshot.resources if r.errors}
    got = verdicts(snapshot)
    assert errors == {}, errors
    assert got[("aws.redshift.not_public", "warehouse")] == "FAIL"
    assert got[("aws.redshift.custom_admin_username", "warehouse")] == "FAIL"
    assert got[("aws.elasticache.auto_minor_upgrade", "sessions")] == "FAIL"
    assert got[("aws.stepfunctions.logging", "orders")] == "FAIL"
    assert "Succeed" not in json.dumps(snapshot.to_json())   # the definition is not kept
