"""SQS, SNS and Secrets Manager against moto's server over HTTP: queues, topics and secrets listed in a
region, their policies and attributes read, the FSBP checks judging what was read. No secret value is ever
read into the snapshot."""

import json

from check_cases import verdicts
from srmscan.pipeline import Selection, evaluate_snapshots
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

ACCOUNT = "123456789012"
REGION = "eu-west-1"


def _policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def seed(aws_client):
    sqs = aws_client("sqs", REGION)
    sqs.create_queue(QueueName="orders", Attributes={"SqsManagedSseEnabled": "true"})
    url = sqs.create_queue(QueueName="public-inbox", Attributes={"SqsManagedSseEnabled": "false"})["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _policy(
        {"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"})})
    sns = aws_client("sns", REGION)
    sns.create_topic(Name="alerts")   # moto gives it the default policy, limited by AWS:SourceOwner
    topic = sns.create_topic(Name="open-topic")["TopicArn"]
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=_policy(
        {"Sid": "anyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SNS:Publish", "Resource": topic}))
    secrets = aws_client("secretsmanager", REGION)
    secrets.create_secret(Name="db-password", SecretString="hunter2-never-in-a-snapshot")
    shared = secrets.create_secret(Name="shared-token", SecretString="also-secret")["ARN"]
    secrets.put_resource_policy(SecretId=shared, ResourcePolicy=_policy(
        {"Sid": "anyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "secretsmanager:GetSecretValue",
         "Resource": "*"}))


def test_queues_topics_and_secrets_are_read_and_judged(moto, aws_client):
    seed(aws_client)
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("sqs", "sns", "secretsmanager")), NoProgress())
    assert all(not r.errors for r in snapshot.resources), {r.name: r.errors for r in snapshot.resources if r.errors}
    names = {(r.type, r.name) for r in snapshot.resources if r.type.startswith(("aws.sqs", "aws.sns", "aws.secrets"))}
    assert names == {("aws.sqs.queue", "orders"), ("aws.sqs.queue", "public-inbox"), ("aws.sns.topic", "alerts"),
                     ("aws.sns.topic", "open-topic"), ("aws.secretsmanager.secret", "db-password"),
                     ("aws.secretsmanager.secret", "shared-token")}
    text = json.dumps(snapshot.to_json())
    assert "hunter2" not in text and "also-secret" not in text
    report = evaluate_snapshots([snapshot], Selection())
    got = {(f.check["id"], f.resource["name"]): f.status.value for f in report.findings}
    assert got[("aws.sqs.queue_encrypted", "orders")] == "PASS"
    assert got[("aws.sqs.queue_encrypted", "public-inbox")] == "FAIL"
    assert got[("aws.sqs.queue_not_public", "orders")] == "PASS"
    assert got[("aws.sqs.queue_not_public", "public-inbox")] == "FAIL"
    assert got[("aws.sns.topic_not_public", "alerts")] == "PASS"
    assert got[("aws.sns.topic_not_public", "open-topic")] == "FAIL"
    assert got[("aws.secretsmanager.secret_not_public", "db-password")] == "PASS"
    assert got[("aws.secretsmanager.secret_not_public", "shared-token")] == "FAIL"
    assert got[("aws.secretsmanager.rotation_enabled", "db-password")] == "FAIL"
    assert got[("aws.secretsmanager.rotated_recently", "db-password")] == "PASS"   # created just now


def test_glacier_vault_policies_are_read_and_judged(moto, aws_client):
    """Vaults from moto; their access policies (which moto lacks) from a stand-in in Glacier's REST shape, one
    vault without a policy answered with Glacier's ResourceNotFoundException."""
    import aws_standins
    from fault_proxy import FaultProxy

    glacier = aws_client("glacier", REGION)
    for name in ("archive-open", "archive-org", "archive-no-policy"):
        glacier.create_vault(vaultName=name)
    retrieve = {"Effect": "Allow", "Principal": "*", "Action": "glacier:InitiateJob",
                "Resource": f"arn:aws:glacier:{REGION}:123456789012:vaults/archive-open"}
    policies = {"archive-open": json.dumps({"Version": "2012-10-17", "Statement": [retrieve]}),
                "archive-org": json.dumps({"Version": "2012-10-17", "Statement": [
                    {**retrieve, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]})}
    with FaultProxy(moto) as proxy:
        proxy.responders.append(aws_standins.GlacierPolicies(policies))
        snapshot = collect_account(AwsTarget(None, (REGION,), proxy.url, 8, ("glacier",)), NoProgress())
    errors = {r.name: r.errors for r in snapshot.resources if r.errors}
    assert errors == {}, errors
    got = verdicts(snapshot)
    assert {name: got[("aws.glacier.vault_not_public", name)] for name in policies} | {
        "archive-no-policy": got[("aws.glacier.vault_not_public", "archive-no-policy")]} == {
        "archive-open": "FAIL", "archive-org": "PASS", "archive-no-policy": "PASS"}
    vaults = {r.name: r.config["policy"] for r in snapshot.resources if r.type == "aws.glacier.vault"}
    assert vaults["archive-no-policy"] is None and json.loads(vaults["archive-open"])["Statement"][0] == retrieve
