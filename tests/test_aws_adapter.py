"""The AWS adapter against moto's server over HTTP, with the real boto3 clients."""

import boto3
import pytest
import requests

from check_cases import verdicts
from fault_proxy import S3_ACCESS_DENIED, S3_SLOW_DOWN, FaultProxy, Rule
from srmscan.model import Snapshot
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account
from srmscan.providers.aws.retry import DEFAULT_MAX_ATTEMPTS
from srmscan.providers.aws.session import AwsClients, WriteRefused, account_host_fix


def collect(endpoint, regions=()):
    return collect_account(AwsTarget(None, tuple(regions), endpoint, 8, ("s3",)), NoProgress())


def test_collects_every_bucket_and_judges_it_right(moto, seeded_demo):
    snapshot = collect(moto)
    buckets = {r.name: r for r in snapshot.resources if r.type == "aws.s3.bucket"}
    assert set(buckets) == set(seeded_demo.BUCKETS)
    assert buckets["acme-shared-uploads"].region == "eu-west-1"
    assert buckets["acme-public-website"].region == "us-east-1"
    assert all(not r.errors for r in snapshot.resources)
    assert verdicts(snapshot) == seeded_demo.EXPECTED
    assert snapshot.metadata.api_requests <= 3 + 9 * len(buckets)


def test_account_block_public_access_is_read_through_a_custom_endpoint(moto, aws_client):
    session = boto3.Session()
    session.events.register("before-sign.s3-control", account_host_fix(moto))
    session.client("s3control", endpoint_url=moto).put_public_access_block(
        AccountId="123456789012", PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    snapshot = collect(moto)
    [account] = [r for r in snapshot.resources if r.type == "aws.account"]
    assert account.config["s3_public_access_block"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    assert verdicts(snapshot)[("aws.s3.account_public_access_block", "123456789012")] == "PASS"


def test_writes_are_refused_before_they_are_sent(moto, aws_client):
    aws_client("s3").create_bucket(Bucket="untouched")
    with FaultProxy(moto) as proxy:
        clients = AwsClients(None, proxy.url, 2)
        with pytest.raises(WriteRefused, match="PutBucketVersioning"):
            clients.client("s3").put_bucket_versioning(Bucket="untouched",
                                                       VersioningConfiguration={"Status": "Enabled"})
        with pytest.raises(WriteRefused, match="DeleteBucket"):
            clients.client("s3").delete_bucket(Bucket="untouched")
        assert proxy.requests == []
        clients.client("s3").get_bucket_versioning(Bucket="untouched")
        assert len(proxy.requests) == 1
    assert "Status" not in aws_client("s3").get_bucket_versioning(Bucket="untouched")
    assert [b["Name"] for b in aws_client("s3").list_buckets()["Buckets"]] == ["untouched"]


def test_access_denied_on_one_read_is_error_never_pass(moto, seeded_demo):
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/acme-payroll-exports\?policy", S3_ACCESS_DENIED))
        snapshot = collect(proxy.url)
    bucket = next(r for r in snapshot.resources if r.name == "acme-payroll-exports")
    assert bucket.errors["policy"].code == "AccessDenied"
    got = verdicts(snapshot)
    assert got[("aws.s3.bucket_public_access", "acme-payroll-exports")] == "ERROR"
    assert got[("aws.s3.bucket_secure_transport", "acme-payroll-exports")] == "ERROR"
    assert got[("aws.s3.bucket_versioning", "acme-payroll-exports")] == "PASS"
    unaffected = {k: v for k, v in seeded_demo.EXPECTED.items() if k[1] != "acme-payroll-exports"}
    assert {k: got[k] for k in unaffected} == unaffected


@pytest.fixture
def no_backoff(monkeypatch):
    """No sleeping between retries in this test (srmscan's retry policy decides retries, not botocore)."""
    import srmscan.providers.aws.retry as retry

    monkeypatch.setattr(retry, "BASE_DELAY", 0.0)


def test_throttling_is_retried_to_the_same_result(moto, seeded_demo, no_backoff):
    baseline = verdicts(collect(moto))
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"\?acl", S3_SLOW_DOWN, times=6))
        proxy.rules.append(Rule("GET", r"\?versioning", S3_SLOW_DOWN, times=3))
        snapshot = collect(proxy.url)
        assert sum(rule.hits for rule in proxy.rules) == 9
    assert all(not r.errors for r in snapshot.resources)
    assert verdicts(snapshot) == baseline


def test_a_read_that_keeps_failing_ends_as_error(moto, seeded_demo, no_backoff):
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/acme-access-logs\?ownershipControls", S3_SLOW_DOWN))
        snapshot = collect(proxy.url)
        attempts = proxy.rules[0].hits
    bucket = next(r for r in snapshot.resources if r.name == "acme-access-logs")
    assert bucket.errors["ownership_controls"].code == "SlowDown"
    assert attempts == 2 * DEFAULT_MAX_ATTEMPTS  # every attempt, then every attempt of the final pass
    assert verdicts(snapshot)[("aws.s3.bucket_acls_disabled", "acme-access-logs")] == "ERROR"


def test_list_buckets_denied_is_a_collection_error(moto, seeded_demo):
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/(\?|$)", S3_ACCESS_DENIED))
        snapshot = collect(proxy.url)
    assert [(e.scope, e.code, e.account) for e in snapshot.errors] == [("s3:ListAllMyBuckets", "AccessDenied", "123456789012")]
    [account] = snapshot.resources
    assert account.type == "aws.account" and account.errors["s3_bucket_listed"].code == "AccessDenied"


def test_region_filter(moto, seeded_demo):
    snapshot = collect(moto, regions=["eu-west-1"])
    assert [r.name for r in snapshot.resources if r.type == "aws.s3.bucket"] == ["acme-shared-uploads"]


def test_snapshot_round_trip_gives_the_same_findings(moto, seeded_demo, tmp_path):
    snapshot = collect(moto)
    path = tmp_path / "snap.json"
    snapshot.dump(path)
    assert verdicts(Snapshot.load(path)) == verdicts(snapshot)


def test_acl_is_not_read_where_acls_are_disabled_and_the_snapshot_says_why(moto, seeded_demo):
    with FaultProxy(moto) as proxy:
        snapshot = collect(proxy.url)
        acl_reads = {target.split("?")[0].strip("/") for method, target in proxy.requests if target.endswith("?acl")}
    enforced = {name for name, spec in seeded_demo.BUCKETS.items() if spec["ownership"] == "BucketOwnerEnforced"}
    assert acl_reads == set(seeded_demo.BUCKETS) - enforced and enforced
    for bucket in (r for r in snapshot.resources if r.name in enforced):
        assert "acl" not in bucket.config and "BucketOwnerEnforced" in bucket.skipped["acl"]
    assert verdicts(snapshot) == seeded_demo.EXPECTED
    # GetCallerIdentity, ListBuckets, account Block Public Access; per bucket location + 8 reads, less the ACLs
    assert snapshot.metadata.api_requests == 3 + len(seeded_demo.BUCKETS) * 9 - len(enforced)
    round_trip = Snapshot.from_json(snapshot.to_json())
    assert [r.skipped for r in round_trip.resources] == [r.skipped for r in snapshot.resources]


def test_buckets_are_listed_in_pages_and_their_listed_region_saves_the_location_read(moto, seeded_demo):
    """AWS names each bucket's region in ListBuckets when the request has a parameter (moto does not)."""
    regions = {name: spec.get("region", "us-east-1") for name, spec in seeded_demo.BUCKETS.items()}
    listed = "".join(f"<Bucket><Name>{name}</Name><CreationDate>2025-01-01T00:00:00.000Z</CreationDate>"
                     f"<BucketRegion>{region}</BucketRegion></Bucket>" for name, region in regions.items())
    answer = (200, "application/xml", ('<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                                        f'<Owner><ID>o</ID></Owner><Buckets>{listed}</Buckets>'
                                        '</ListAllMyBucketsResult>').encode())
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/\?max-buckets=10000$", answer))
        snapshot = collect(proxy.url)
        targets = [target for _method, target in proxy.requests]
    assert "/?max-buckets=10000" in targets
    assert not [target for target in targets if target.endswith("?location")]
    assert {r.name: r.region for r in snapshot.resources if r.type == "aws.s3.bucket"} == regions
    assert verdicts(snapshot) == seeded_demo.EXPECTED


IAM_ACCESS_DENIED = (403, "text/xml",   # the query protocol's error document
                     b'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>'
                     b"<Code>AccessDenied</Code><Message>not authorized to perform iam:GenerateCredentialReport</Message>"
                     b"</Error><RequestId>fault-proxy</RequestId></ErrorResponse>")


def test_the_credential_report_is_set_generating_before_the_account_is_identified(moto):
    """GenerateCredentialReport goes out while GetCallerIdentity is still unanswered (held 0.5 s here); the report is
    read as before. A head start that fails is dropped: the read asks again and gets the report."""
    for failing_head_start in (False, True):
        requests.post(f"{moto}/moto-api/reset", timeout=10).raise_for_status()
        with FaultProxy(moto) as proxy:
            proxy.rules.append(Rule("POST", "", delay=0.5, body="GetCallerIdentity"))
            denial = Rule("POST", "", IAM_ACCESS_DENIED, times=1 if failing_head_start else 0,
                          body="GenerateCredentialReport")
            proxy.rules.append(denial)
            snapshot = collect_account(AwsTarget(None, (), proxy.url, 8, ("iam",)), NoProgress())
            timeline = list(proxy.timeline)
        assert denial.hits == failing_head_start
        identified = next(ended for _s, ended, _m, _p, _a, operation in timeline if "GetCallerIdentity" in operation)
        generating = [started for started, *_, operation in timeline if "GenerateCredentialReport" in operation]
        assert generating and generating[0] < identified - 0.3
        [account] = [r for r in snapshot.resources if r.type == "aws.account"]
        assert "credential_report" not in account.errors and account.config["credential_report"]
        assert snapshot.errors == []
