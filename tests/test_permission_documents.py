"""Permissions as ready documents (issue 24): an IAM policy (read by parliament, the IAM policy linter, and every
action it does not know yet proved real by botocore's own service model), an Azure custom role for
`az role definition create`, a Google custom role YAML for `gcloud iam roles create`; each derived from the same
declarations as `srmscan permissions PROVIDER`."""

from __future__ import annotations

import json
import re

import yaml

from conftest import run_cli


def listed(provider: str) -> list[str]:
    return run_cli("permissions", provider).stdout.split("\n")[:-1]


def test_aws_iam_policy_parses_and_every_action_exists():
    import botocore.session
    import parliament

    text = run_cli("permissions", "aws", "--format", "iam-policy").stdout
    policy = json.loads(text)
    [statement] = policy["Statement"]
    assert policy["Version"] == "2012-10-17" and statement["Effect"] == "Allow" and statement["Resource"] == "*"
    assert sorted(statement["Action"]) == sorted(set(listed("aws")))
    assert len(json.dumps(policy, separators=(",", ":"))) <= 6144   # IAM's managed policy size
    analysed = parliament.analyze_policy_string(text)
    assert {f.issue for f in analysed.findings} <= {"UNKNOWN_ACTION"}, [(f.issue, f.detail) for f in analysed.findings]
    session = botocore.session.get_session()
    prefixes = {"access-analyzer": "accessanalyzer"}
    for finding in analysed.findings:   # newer than parliament's database: botocore must know the operation
        prefix, action = re.search(r"([\w-]+):(\w+)", str(finding.detail)).groups()
        model = session.get_service_model(prefixes.get(prefix, prefix))
        assert action in model.operation_names, finding.detail


def test_azure_role_definition_has_the_shape_az_takes():
    role = json.loads(run_cli("permissions", "azure", "--format", "role-definition").stdout)
    assert set(role) == {"Name", "IsCustom", "Description", "Actions", "NotActions", "DataActions", "NotDataActions",
                         "AssignableScopes"}
    assert role["IsCustom"] is True and role["NotActions"] == [] and role["AssignableScopes"]
    arm = [p for p in listed("azure") if p.startswith("Microsoft.")]
    assert role["Actions"] == sorted(arm)
    assert all(re.fullmatch(r"Microsoft\.[A-Za-z.]+(/[A-Za-z*]+)+", action) for action in role["Actions"])
    assert all(action.lower().endswith(("/read", "/action")) for action in role["Actions"])   # reads (case-insensitive)
    assert role["DataActions"] and all("/read" in a or a.endswith("readMetadata/action") for a in role["DataActions"])
    assert "Microsoft Graph: Policy.Read.All" in role["Description"]   # granted to the app, not by RBAC


def test_gcp_custom_role_yaml_has_the_shape_gcloud_takes():
    role = yaml.safe_load(run_cli("permissions", "gcp", "--format", "custom-role").stdout)
    assert set(role) == {"title", "description", "stage", "includedPermissions"} and role["stage"] == "GA"
    assert role["includedPermissions"] == sorted(set(listed("gcp")))
    read_verbs = ("get", "list", "getIamPolicy", "search", "compute")
    for permission in role["includedPermissions"]:
        service, _, verb = permission.rpartition(".")
        assert re.fullmatch(r"[a-z]+(\.[a-zA-Z]+)+", service), permission
        assert verb in read_verbs or verb.startswith(("get", "list")), permission


def test_a_document_another_cloud_uses_is_refused_in_one_line():
    result = run_cli("permissions", "gcp", "--format", "iam-policy")
    assert result.returncode == 2
    assert result.stderr.strip() == "srmscan: error: unknown --format 'iam-policy' for gcp; choose list or custom-role"
