"""Each Cloud Storage check against fixtures/checks/gcp_storage_cases.json: which buckets pass, fail, error."""

import pytest

from check_cases import checks_in, evaluate_cases, expect, verdicts_of

CASES = "gcp_storage_cases.json"
ALL = {"iam-public-read", "iam-public-admin", "iam-custom-role", "iam-conditional", "prevented", "acl-public-ubla-off",
       "acl-ignored-ubla-on", "iam-denied", "acl-denied-ubla-off", "well-kept", "soft-delete-off"}


EXPECTED = {
    "gcp.storage.bucket_public_access": expect(
        ALL,
        fail={"iam-public-read", "iam-public-admin", "iam-custom-role", "iam-conditional", "acl-public-ubla-off"},
        error={"iam-denied", "acl-denied-ubla-off"}),
    "gcp.storage.bucket_uniform_access": expect(ALL, fail={"acl-public-ubla-off", "acl-denied-ubla-off"}),
    "gcp.storage.bucket_public_access_prevention": expect(ALL, fail=ALL - {"prevented", "well-kept"}),
    "gcp.storage.bucket_versioning": expect(ALL, fail=ALL - {"well-kept"}),
    "gcp.storage.bucket_access_logging": expect(ALL, fail=ALL - {"well-kept"}),
    "gcp.storage.bucket_retention_policy": expect(ALL, fail=ALL - {"well-kept"}),
    "gcp.storage.bucket_customer_managed_key": expect(ALL, fail=ALL - {"well-kept"}),
    "gcp.storage.bucket_soft_delete": expect(ALL, fail=ALL - {"well-kept"}),
}


@pytest.fixture(scope="module")
def report():
    return evaluate_cases(CASES)


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_check_verdicts(report, check_id):
    assert verdicts_of(report, check_id) == EXPECTED[check_id]


def test_every_builtin_gcp_check_is_covered(report):
    assert checks_in(report) == set(EXPECTED)


def evidence(report, name):
    return next(f for f in report.findings
                if f.check["id"] == "gcp.storage.bucket_public_access" and f.resource["name"] == name).evidence


def test_evidence_names_member_role_and_access(report):
    assert evidence(report, "iam-public-admin")["grants"] == [
        {"source": "IAM policy", "member": "allAuthenticatedUsers", "role": "roles/storage.admin", "access": ["read", "write"]}]
    custom = evidence(report, "iam-custom-role")["grants"][0]
    assert custom["access"] == ["read", "write"] and "not recognised" in custom["note"]
    assert evidence(report, "iam-conditional")["grants"][0]["condition"] == {"title": "t", "expression": "true"}
    assert evidence(report, "acl-public-ubla-off")["grants"] == [
        {"source": "bucket ACL", "entity": "allUsers", "role": "WRITER", "access": ["read", "write"]}]
    assert evidence(report, "iam-denied") == {"unreadable": "iam_policy", "error_code": "Forbidden"}
