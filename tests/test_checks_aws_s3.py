"""Each S3 check against fixtures/checks/aws_s3_cases.json: exactly which resources pass, fail, or error."""

import pytest

from check_cases import checks_in, evaluate_cases, expect, verdicts_of

CASES = "aws_s3_cases.json"
ALL_BUCKETS = {
    "open-policy", "open-acl", "acl-disabled-stale-grant", "acl-ignored-by-account", "policy-restricted-by-bucket",
    "block-policy-only", "malformed-policy", "policy-denied", "acl-denied-but-enforced", "acl-denied", "tls-enforced",
    "kms-aws-managed", "dsse-customer-key", "versioning-suspended", "other-account-public-policy", "other-account-private",
}


EXPECTED = {
    "aws.s3.bucket_public_access": expect(
        ALL_BUCKETS,
        fail={"open-policy", "open-acl", "block-policy-only"},
        error={"malformed-policy", "policy-denied", "acl-denied", "other-account-public-policy"}),
    "aws.s3.bucket_secure_transport": expect(
        ALL_BUCKETS,
        fail=ALL_BUCKETS - {"tls-enforced", "malformed-policy", "policy-denied"},
        error={"malformed-policy", "policy-denied"}),
    "aws.s3.bucket_versioning": expect(ALL_BUCKETS, fail=ALL_BUCKETS - {"tls-enforced", "policy-denied"}),
    "aws.s3.bucket_mfa_delete": expect(ALL_BUCKETS, fail=ALL_BUCKETS - {"tls-enforced"}),
    "aws.s3.bucket_access_logging": expect(ALL_BUCKETS, fail=ALL_BUCKETS - {"tls-enforced"}),
    "aws.s3.bucket_acls_disabled": expect(ALL_BUCKETS, fail={"open-acl", "acl-ignored-by-account", "acl-denied"}),
    "aws.s3.bucket_encryption_customer_key": expect(ALL_BUCKETS, fail=ALL_BUCKETS - {"tls-enforced", "dsse-customer-key"}),
    "aws.s3.bucket_public_access_block": expect(
        ALL_BUCKETS,
        fail=ALL_BUCKETS - {"tls-enforced", "other-account-private", "other-account-public-policy"},
        error={"other-account-public-policy"}),
    "aws.s3.account_public_access_block": expect({"111111111111", "222222222222", "333333333333"}, fail={"111111111111", "333333333333"},
                                                 error={"222222222222"}),
}


@pytest.fixture(scope="module")
def report():
    return evaluate_cases(CASES)


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_check_verdicts(report, check_id):
    assert verdicts_of(report, check_id) == EXPECTED[check_id]


def test_every_builtin_aws_check_is_covered(report):
    assert checks_in(report) == set(EXPECTED)


def finding(report, check_id, name):
    return next(f for f in report.findings if f.check["id"] == check_id and f.resource["name"] == name)


def test_public_evidence_names_grant_and_access(report):
    acl = finding(report, "aws.s3.bucket_public_access", "open-acl")
    assert acl.evidence["grants"] == [{"source": "bucket ACL", "grantee": "AllUsers", "permission": "READ",
                                       "access": ["read"]}]
    policy = finding(report, "aws.s3.bucket_public_access", "open-policy")
    assert policy.evidence["grants"][0]["statement"] == "Sid PublicGet"
    assert policy.message == "public read access through bucket policy"


def test_voided_grants_are_reported_on_pass(report):
    voided = finding(report, "aws.s3.bucket_public_access", "acl-ignored-by-account").evidence["voided"]
    assert voided[0]["grantee"] == "AuthenticatedUsers"
    assert voided[0]["voided_by"] == "IgnorePublicAcls is on at account level"
    restricted = finding(report, "aws.s3.bucket_public_access", "policy-restricted-by-bucket").evidence["voided"]
    assert restricted[0]["voided_by"] == "RestrictPublicBuckets is on at bucket level"


def test_errors_name_the_unreadable_data(report):
    denied = finding(report, "aws.s3.bucket_public_access", "policy-denied")
    assert denied.evidence == {"unreadable": "policy", "error_code": "AccessDenied"}
    other = finding(report, "aws.s3.bucket_public_access", "other-account-public-policy")
    assert "s3_public_access_block" in other.message and "AccessDenied" in other.message
    malformed = finding(report, "aws.s3.bucket_public_access", "malformed-policy")
    assert "not valid JSON" in malformed.message
