"""Every boto3 credential chain works with srmscan, including those that assume a role, against moto's
server; the read-only guard stays on srmscan's own clients (issue: role-assuming credentials crashed)."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest

from conftest import run_cli
from fault_proxy import FaultProxy, Rule
from srmscan.providers.aws.session import AwsClients, WriteRefused

ROLE = "arn:aws:iam::123456789012:role/srmscan-audit"
# No static keys in the environment: credentials come only from the profile under test.
NO_ENV_KEYS = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""}


BASE_CREDENTIALS = "[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n"


def role_profile(name: str, role: str, source: str, extra: str = "") -> str:
    return f"[profile {name}]\nrole_arn = {role}\nsource_profile = {source}\nregion = us-east-1\n{extra}"


def write_profiles(tmp_path, config: str, credentials: str = "") -> dict[str, str]:
    (tmp_path / "config").write_text(textwrap.dedent(config))
    (tmp_path / "credentials").write_text(textwrap.dedent(credentials))
    return {"AWS_CONFIG_FILE": str(tmp_path / "config"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials")}


def scan(moto, tmp_path, *args, env):
    out = tmp_path / "findings.json"
    result = run_cli("scan", "aws", "--service", "s3", *args, "--checks", "aws.s3.*", "--format", "json", "--output", str(out),
                     env={**NO_ENV_KEYS, "AWS_ENDPOINT_URL": moto, **env})
    return result, (json.loads(out.read_text()) if out.exists() else None)


def assert_scanned_as_role(result, report, session_name_hint: str | None = None):
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    [scanned] = report["scans"]
    assert ":assumed-role/srmscan-audit/" in scanned["scanned_by"]
    if session_name_hint:
        assert scanned["scanned_by"].endswith(session_name_hint)
    names = {f["resource"]["name"] for f in report["findings"]}
    assert "tidy-bucket" in names


@pytest.fixture
def bucket(aws_client):
    aws_client("s3").create_bucket(Bucket="tidy-bucket")


@pytest.mark.parametrize("extra", [
    "",
    "external_id = audit-4711\nduration_seconds = 1800\nrole_session_name = nightly-audit\n",
], ids=["plain", "external-id-and-duration"])
def test_profile_with_role_arn_and_source_profile(moto, bucket, tmp_path, extra):
    env = write_profiles(tmp_path, role_profile("audit", ROLE, "base", extra), BASE_CREDENTIALS)
    result, report = scan(moto, tmp_path, "--profile", "audit", env=env)
    assert_scanned_as_role(result, report, "nightly-audit" if extra else None)


def test_web_identity_from_environment(moto, bucket, tmp_path):
    token = tmp_path / "token"
    token.write_text("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXVkaXQifQ.c2ln")
    env = write_profiles(tmp_path, "")
    env.update({"AWS_ROLE_ARN": ROLE, "AWS_WEB_IDENTITY_TOKEN_FILE": str(token), "AWS_ROLE_SESSION_NAME": "irsa"})
    result, report = scan(moto, tmp_path, env=env)
    assert_scanned_as_role(result, report, "irsa")


def test_credential_process(moto, bucket, tmp_path):
    helper = tmp_path / "creds.py"
    helper.write_text("import json; print(json.dumps({'Version': 1, 'AccessKeyId': 'testing', "
                      "'SecretAccessKey': 'testing', 'SessionToken': 'testing'}))\n")
    env = write_profiles(tmp_path, f"""
        [profile helper]
        credential_process = {sys.executable} {helper}
        region = us-east-1
    """)
    result, report = scan(moto, tmp_path, "--profile", "helper", env=env)
    assert result.returncode in (0, 1), result.stderr
    assert {f["resource"]["name"] for f in report["findings"]} >= {"tidy-bucket"}


def test_role_chain_then_source_through_profile_that_assumes_twice(moto, bucket, tmp_path):
    env = write_profiles(tmp_path, role_profile("hop", "arn:aws:iam::123456789012:role/hop", "base")
                         + role_profile("audit", ROLE, "hop"), BASE_CREDENTIALS)
    result, report = scan(moto, tmp_path, "--profile", "audit", env=env)
    assert_scanned_as_role(result, report)


def test_denied_assume_role_is_one_clear_line(moto, tmp_path):
    denied = (403, "text/xml", b"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
              b"<Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>")
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("POST", r".*", denied, body=r"Action=AssumeRole"))
        env = write_profiles(tmp_path, role_profile("audit", ROLE, "base"), BASE_CREDENTIALS)
        result = run_cli("scan", "aws", "--service", "s3", "--profile", "audit", env={**NO_ENV_KEYS, "AWS_ENDPOINT_URL": proxy.url, **env})
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "AssumeRole" in lines[0] and "AccessDenied" in lines[0] and "audit" in lines[0]


def test_guard_still_refuses_writes_on_role_credentials(moto, bucket, tmp_path, monkeypatch):
    env = write_profiles(tmp_path, role_profile("audit", ROLE, "base"), BASE_CREDENTIALS)
    for key, value in {**NO_ENV_KEYS, **env, "AWS_ENDPOINT_URL": moto}.items():
        monkeypatch.setenv(key, value) if value else monkeypatch.delenv(key, raising=False)
    with FaultProxy(moto) as proxy:
        clients = AwsClients("audit", proxy.url, 2)
        s3 = clients.client("s3")
        with pytest.raises(WriteRefused, match="DeleteBucket"):
            s3.delete_bucket(Bucket="tidy-bucket")
        with pytest.raises(WriteRefused, match="AssumeRole"):
            clients.client("sts").assume_role(RoleArn=ROLE, RoleSessionName="srmscan")
        assert s3.get_bucket_versioning(Bucket="tidy-bucket")["ResponseMetadata"]["HTTPStatusCode"] == 200
        # the profile's AssumeRole went to moto directly (AWS_ENDPOINT_URL), srmscan's reads through the proxy
        assert [m for m, _ in proxy.requests] == ["GET"]
