"""Organisation scans against moto's server: an organisation of 30 member accounts (moto's Organizations
and its assume-role into member accounts), some with public buckets, one whose role is missing (its
AssumeRole denied at the proxy); the same run as 3 shards merged by `evaluate`."""

from __future__ import annotations

import json
import re

import boto3
import jsonschema
import pytest

from conftest import REPO, run_cli
from fault_proxy import FaultProxy, Rule

SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-2.1.0.json").read_text())
ROLE = "SrmscanAudit"
MEMBERS = 30
PUBLIC_EVERY = 4   # members 0, 4, 8, ... have a public bucket


def access_denied(account: str) -> Rule:
    body = (b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
            b'<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole on resource'
            b'</Message></Error><RequestId>r</RequestId></ErrorResponse>')
    return Rule("POST", r".*", (403, "text/xml", body), body=re.escape(f"iam%3A%3A{account}%3Arole"))


@pytest.fixture
def organization(moto):
    org = boto3.client("organizations", endpoint_url=moto)
    org.create_organization(FeatureSet="ALL")
    members = [org.create_account(Email=f"m{i}@example.com", AccountName=f"member-{i}")["CreateAccountStatus"]["AccountId"]
               for i in range(MEMBERS)]
    sts = boto3.client("sts", endpoint_url=moto)
    public = {}
    for index, account in enumerate(members[:-1]):   # the last one gets no bucket: nothing to find is fine too
        keys = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="seed")["Credentials"]
        s3 = boto3.client("s3", endpoint_url=moto, aws_access_key_id=keys["AccessKeyId"],
                          aws_secret_access_key=keys["SecretAccessKey"], aws_session_token=keys["SessionToken"])
        name = f"data-{account}"
        s3.create_bucket(Bucket=name)
        if index % PUBLIC_EVERY == 0:
            s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}]}))
            public[account] = name
    boto3.client("s3", endpoint_url=moto).create_bucket(Bucket="management-logs")
    missing = members[5]   # its role does not exist: AssumeRole is denied
    with FaultProxy(moto) as proxy:
        proxy.rules.append(access_denied(missing))
        yield proxy, members, public, missing


ORG_SCAN = ("--org", "--role-name", ROLE, "--region", "us-east-1", "--service", "s3")


def run_list(document: dict) -> list[dict]:
    return document["runs"]


def outcomes(report: dict) -> list[tuple]:
    return sorted((f["check"]["id"], f["resource"]["id"], f["resource"]["account"], f["status"], f["message"])
                  for f in report["findings"])


def test_org_scan_finds_every_accounts_findings_and_reports_the_missing_role(organization, tmp_path):
    proxy, members, public, missing = organization
    out, sarif_dir = tmp_path / "org.json", tmp_path / "sarif"
    sarif_dir.mkdir()
    result = run_cli("scan", "aws", "--endpoint-url", proxy.url, *ORG_SCAN, "--json", str(out), "--sarif-dir",
                     str(sarif_dir), "--max-accounts-in-parallel", "6", "--snapshot-out", str(tmp_path / "org-snap.json"),
                     timeout=300)
    assert result.returncode == 1, result.stderr   # public buckets fail the gate (incomplete too)
    report = json.loads(out.read_text())
    scan = report["scans"][0]
    assert sorted(scan["accounts"]) == sorted(members + ["123456789012"])
    assert scan["organization"]["not_entered"] == [missing]
    failing = {(f["resource"]["account"], f["resource"]["name"]) for f in report["findings"]
               if f["check"]["id"] == "aws.s3.bucket_public_access" and f["status"] == "FAIL"}
    assert failing == {(account, name) for account, name in public.items() if account != missing}
    buckets = {f["resource"]["account"] for f in report["findings"] if f["resource"]["type"] == "aws.s3.bucket"}
    assert buckets == set(members[:-1]) - {missing} | {"123456789012"}
    [error] = report["collection_errors"]
    assert error["account"] == missing and error["code"] == "AccessDenied"
    assert error["scope"] == f"sts:AssumeRole into arn:aws:iam::{missing}:role/{ROLE}"
    assert report["summary"]["complete"] is False
    by_scope = {s["scope"]: s for s in report["summary"]["by_scope"]}
    assert len(by_scope) == MEMBERS + 1 and by_scope[missing]["collection_errors"] == 1
    assert all(by_scope[account]["FAIL"] >= 1 for account in public if account != missing)

    # the table names each scope's totals, most failures first, the missing role's account among them
    assert f"  aws {missing}: 0 failed, 0 passed, 0 could not be judged, 1 collection errors" in result.stdout

    # SARIF for GitHub: 31 scopes are 31 runs, more than one upload takes; --sarif-dir packs them in files
    files = sorted(sarif_dir.glob("*.sarif"))
    documents = [json.loads(f.read_text()) for f in files]
    assert [len(d["runs"]) for d in documents] == [20, MEMBERS + 1 - 20]
    categories = [run["automationDetails"]["id"] for d in documents for run in run_list(d)]
    assert sorted(categories) == sorted(f"srmscan/aws/{a}/" for a in members + ["123456789012"])
    for document in documents:
        jsonschema.validate(document, SARIF_SCHEMA)
    one_file = run_cli("evaluate", str(tmp_path / "org-snap.json"), "--sarif", str(tmp_path / "one.sarif"))
    assert one_file.returncode == 2 and "over GitHub's 20 runs per upload; write them as several files with " \
        "--sarif-dir" in one_file.stderr


def test_three_shards_merged_give_exactly_the_unsharded_run(organization, tmp_path):
    proxy, members, _public, _missing = organization
    whole = run_cli("scan", "aws", "--endpoint-url", proxy.url, *ORG_SCAN, "--format", "json",
                    "--output", str(tmp_path / "whole.json"), timeout=300)
    sizes = []
    for index in (1, 2, 3):
        shard = tmp_path / f"shard-{index}.json"
        collected = run_cli("collect", "aws", "--endpoint-url", proxy.url, *ORG_SCAN, "--shard", f"{index}/3",
                            "--output", str(shard), timeout=300)
        assert collected.returncode in (0, 3), collected.stderr
        sizes.append(len(json.loads(shard.read_text())["metadata"]["accounts"]))
    assert sum(sizes) == MEMBERS + 1 and max(sizes) - min(sizes) <= 1
    merged = run_cli("evaluate", *(str(tmp_path / f"shard-{i}.json") for i in (3, 1, 2)), "--format", "json",
                     "--output", str(tmp_path / "merged.json"))
    assert merged.returncode == whole.returncode == 1
    one, three = json.loads((tmp_path / "whole.json").read_text()), json.loads((tmp_path / "merged.json").read_text())
    assert outcomes(three) == outcomes(one)
    assert three["summary"] == one["summary"]
    assert sorted(map(json.dumps, three["collection_errors"])) == sorted(map(json.dumps, one["collection_errors"]))

    # shards that do not make one run are refused, each with one line
    missing_one = run_cli("evaluate", str(tmp_path / "shard-1.json"), str(tmp_path / "shard-2.json"))
    assert missing_one.returncode == 2 and "shard 3 of 3 missing" in missing_one.stderr
    assert run_cli("evaluate", str(tmp_path / "shard-1.json"), "--partial-shards").returncode == 1
    twice = run_cli("evaluate", str(tmp_path / "shard-1.json"), str(tmp_path / "shard-1.json"), "--partial-shards")
    assert twice.returncode == 2 and "both" in twice.stderr


def test_listed_accounts_exclusions_and_shard_index_from_kubernetes(organization, tmp_path):
    proxy, members, public, _missing = organization
    chosen = sorted(public)[:3]
    out = tmp_path / "some.json"
    result = run_cli("collect", "aws", "--endpoint-url", proxy.url, "--role-name", ROLE, "--region", "us-east-1",
                     "--service", "s3", *[a for account in chosen for a in ("--account", account)],
                     "--exclude-account", chosen[0], "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["metadata"]["accounts"] == chosen[1:]
    stranger = "999999999999"
    named = run_cli("collect", "aws", "--endpoint-url", proxy.url, *ORG_SCAN, "--account", chosen[0], "--account",
                    stranger, "--output", str(tmp_path / "named.json"))
    assert named.returncode == 3, named.stderr   # incomplete: one named account is not in the organisation
    snapshot = json.loads((tmp_path / "named.json").read_text())
    assert snapshot["metadata"]["accounts"] == [chosen[0]]
    assert [(e["account"], e["code"]) for e in snapshot["errors"]] == [(stranger, "NotInOrganization")]
    auto = run_cli("collect", "aws", "--endpoint-url", proxy.url, *ORG_SCAN, "--shard", "auto/3", "--output",
                   str(tmp_path / "auto.json"), env={"JOB_COMPLETION_INDEX": "2"})
    assert auto.returncode in (0, 3), auto.stderr
    assert json.loads((tmp_path / "auto.json").read_text())["metadata"]["shard"] == {"index": 3, "count": 3}


@pytest.mark.parametrize("args, message", [
    (("--org",), "--org and --account need --role-name"),
    (("--account", "12345"), "'12345' is not an AWS account id"),
    (("--exclude-account", "111111111111"), "--exclude-account only narrows --org or --account"),
    (("--shard", "2/3"), "--shard shares out accounts: use it with --org or --account"),
    (("--org", "--role-name", ROLE, "--shard", "4/3"), "--shard 4/3: the index must be between 1 and 3"),
    (("--org", "--role-name", ROLE, "--shard", "auto/3"), "JOB_COMPLETION_INDEX is not set"),
])
def test_bad_organisation_options_are_one_line_errors(moto, tmp_path, args, message):
    result = run_cli("collect", "aws", "--endpoint-url", moto, *args, "--output", str(tmp_path / "x.json"))
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_role_credentials_are_renewed_before_they_expire(moto):
    """A role session shorter than botocore's refresh margin is renewed on use: a scan that outlives
    its role session keeps going instead of failing half-way."""
    from srmscan.providers.aws.organization import assumed_role_session
    from srmscan.providers.aws.session import AwsClients

    with FaultProxy(moto) as proxy:
        base = AwsClients(None, proxy.url, 4)
        session = assumed_role_session(base, f"arn:aws:iam::111111111111:role/{ROLE}", None, seconds=900)
        clients = AwsClients(None, proxy.url, 4, session=session)
        for _ in range(3):
            assert clients.client("sts").get_caller_identity()["Account"] == "111111111111"
    assert base.requests.value >= 2   # AssumeRole again: 900 s is inside botocore's 15-minute refresh margin


def test_only_the_role_assumer_may_assume_roles_and_it_writes_nothing(moto):
    from srmscan.providers.aws.session import AwsClients, WriteRefused

    clients = AwsClients(None, moto, 2)
    with pytest.raises(WriteRefused, match="AssumeRole"):
        clients.client("sts").assume_role(RoleArn=f"arn:aws:iam::111111111111:role/{ROLE}", RoleSessionName="srmscan")
    assumer = clients.role_assumer()
    assert assumer.assume_role(RoleArn=f"arn:aws:iam::111111111111:role/{ROLE}", RoleSessionName="srmscan")["Credentials"]
    with pytest.raises(WriteRefused, match="DecodeAuthorizationMessage"):
        assumer.decode_authorization_message(EncodedMessage="x")


def test_an_account_outside_any_organisation_is_told_in_one_line(moto, tmp_path):
    result = run_cli("collect", "aws", "--endpoint-url", moto, "--org", "--role-name", ROLE, "--service", "s3",
                     "--output", str(tmp_path / "x.json"))
    assert result.returncode == 2
    # AWS answers AWSOrganizationsNotInUseException (one line naming it), moto an empty list: both refused
    assert "organizations:ListAccounts" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("POST", r".*", (400, "application/x-amz-json-1.1", json.dumps({
            "__type": "AWSOrganizationsNotInUseException",
            "Message": "Your account is not a member of an organization."}).encode()), body="ListAccounts"))
        refused = run_cli("collect", "aws", "--endpoint-url", proxy.url, "--org", "--role-name", ROLE,
                          "--service", "s3", "--output", str(tmp_path / "y.json"))
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "(organizations:ListAccounts: AWSOrganizationsNotInUseException); run from the management account" \
        in refused.stderr
