"""Evidence of the S3 checks on fixtures/checks/aws_s3_cases.json (verdicts: tests/test_check_cases.py)."""

import pytest

from check_cases import evaluate_cases

CASES = "aws_s3_cases.json"


@pytest.fixture(scope="module")
def report():
    return evaluate_cases(CASES)


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
