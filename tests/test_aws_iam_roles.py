"""IAM roles and users against moto's server over HTTP: every role listed with its trust policy (one batched
GetAccountAuthorizationDetails), an account outside any organisation judged against itself alone."""

import json

from srmscan.pipeline import Selection, evaluate_snapshots
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account


def _trust(statement):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", **statement}]})


def test_role_trust_is_read_and_judged(moto, aws_client):
    iam = aws_client("iam")
    iam.create_role(RoleName="vendor", AssumeRolePolicyDocument=_trust({"Principal": {"AWS": "arn:aws:iam::999999999999:root"}}))
    iam.create_role(RoleName="vendor-bound", AssumeRolePolicyDocument=_trust({
        "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Condition": {"StringEquals": {"sts:ExternalId": "x-1"}}}))
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=_trust({"Principal": {"Service": "ec2.amazonaws.com"}}))
    snapshot = collect_account(AwsTarget(None, ("us-east-1",), moto, 8, ("iam",)), NoProgress())
    account = next(r for r in snapshot.resources if r.type == "aws.account")
    assert "organization_accounts" not in account.errors   # no organisation: an answer (None), not an error
    got = {(f.check["id"], f.resource["name"]): f.status.value
           for f in evaluate_snapshots([snapshot], Selection()).findings if f.check["id"].startswith("aws.iam.role_")}
    assert got[("aws.iam.role_external_id", "vendor")] == "FAIL"
    assert got[("aws.iam.role_external_id", "vendor-bound")] == "PASS"
    assert got[("aws.iam.role_external_id", "web")] == "PASS"
    assert got[("aws.iam.role_trust_not_public", "web")] == "PASS"


def test_console_passwords_are_sign_ins_outside_conditional_access(moto, aws_client):
    iam = aws_client("iam")
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Not-a-real-password-1")
    iam.create_user(UserName="ci-bot")   # access keys only: no console sign-in
    iam.create_access_key(UserName="ci-bot")
    snapshot = collect_account(AwsTarget(None, ("us-east-1",), moto, 8, ("iam",)), NoProgress())
    got = {f.resource["name"]: f.status.value for f in evaluate_snapshots([snapshot], Selection()).findings
           if f.check["id"] == "aws.iam.user_sign_in_federated"}
    assert got == {"alice": "FAIL", "ci-bot": "PASS"}
