"""Evidence of the Cloud Storage checks on fixtures/checks/gcp_storage_cases.json (verdicts: test_check_cases.py)."""

import pytest

from check_cases import evaluate_cases

CASES = "gcp_storage_cases.json"


@pytest.fixture(scope="module")
def report():
    return evaluate_cases(CASES)


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
