"""The CLI end to end, as a subprocess, against moto over HTTP."""

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import findings_by_key, run_cli
from fault_proxy import S3_ACCESS_DENIED, FaultProxy, Rule

REPO = Path(__file__).resolve().parents[1]


def one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("srmscan: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_scan_json_gives_right_verdicts_and_valid_schema(moto, seeded_demo, tmp_path, findings_schema):
    out = tmp_path / "f.json"
    result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", moto, "--format", "json", "--output", str(out))
    assert result.returncode == 1, result.stderr  # failing findings
    report = json.loads(out.read_text())
    jsonschema.validate(report, findings_schema)
    got = {key: f["status"] for key, f in findings_by_key(report).items()}
    assert got == {(check, name): status for (check, name), status in seeded_demo.EXPECTED.items()}
    public = findings_by_key(report)[("aws.s3.bucket_public_access", "acme-shared-uploads")]
    assert public["resource"]["id"] == "arn:aws:s3:::acme-shared-uploads"
    assert public["resource"]["region"] == "eu-west-1"
    assert public["responsibility"]["id"] == "data-access-sharing"
    assert public["responsibility"]["provider_layer"] == "Customer data"
    assert public["evidence"]["access"] == ["read", "write"]
    assert report["summary"]["complete"] is True


def test_several_outputs_and_snapshot_in_one_run(moto, seeded_demo, tmp_path):
    result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", moto, "--json", str(tmp_path / "f.json"),
                     "--snapshot-out", str(tmp_path / "snap.json"))
    assert result.returncode == 1
    assert "Data access and sharing settings" in result.stdout  # table on stdout, grouped by duty
    scanned = json.loads((tmp_path / "f.json").read_text())
    again = run_cli("evaluate", str(tmp_path / "snap.json"), "--format", "json")
    assert again.returncode == 1
    evaluated = json.loads(again.stdout)
    strip = lambda r: [{k: v for k, v in f.items()} for f in r["findings"]]  # noqa: E731
    assert strip(evaluated) == strip(scanned)


def test_collect_then_evaluate(moto, seeded_demo, tmp_path):
    snap = tmp_path / "snap.json"
    collected = run_cli("collect", "aws", "--service", "s3", "--endpoint-url", moto, "--output", str(snap))
    assert collected.returncode == 0, collected.stderr
    assert "wrote 9 resources" in collected.stderr
    result = run_cli("evaluate", str(snap), "--checks", "aws.s3.bucket_public_access", "--format", "json")
    report = json.loads(result.stdout)
    assert {f["check"]["id"] for f in report["findings"]} == {"aws.s3.bucket_public_access"}
    assert result.returncode == 1


def test_exit_0_when_nothing_fails(moto, aws_client):
    s3 = aws_client("s3")
    s3.create_bucket(Bucket="tidy")
    s3.put_bucket_ownership_controls(Bucket="tidy", OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", moto, "--checks", "aws.s3.bucket_acls_disabled,aws.s3.bucket_public_access")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 0 failed, 0 could not be judged" in result.stdout


def test_exit_3_when_incomplete_and_nothing_failed(moto, aws_client):
    s3 = aws_client("s3")
    s3.create_bucket(Bucket="hidden")
    s3.put_bucket_ownership_controls(Bucket="hidden", OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/hidden\?policy", S3_ACCESS_DENIED))
        result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", proxy.url, "--checks", "aws.s3.bucket_public_access",
                         "--format", "json")
    assert result.returncode == 3, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["status"] == "ERROR"
    assert finding["evidence"] == {"unreadable": "policy", "error_code": "AccessDenied"}


def test_exit_3_when_listing_is_denied(moto):
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/(\?|$)", S3_ACCESS_DENIED))
        result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", proxy.url, "--checks", "aws.s3.bucket_*")
    assert result.returncode == 3
    assert "s3:ListAllMyBuckets" in result.stdout and "AccessDenied" in result.stdout


@pytest.mark.parametrize("args,fragments", [
    (["scan", "aws", "--bogus"], ["No such option: --bogus", "srmscan scan aws --help"]),
    (["scan", "aws", "--format", "xml"], ["unknown --format 'xml'", "table, json"]),
    (["scan", "aws", "--checks", "aws.s3.nope"], ["no check matches 'aws.s3.nope'"]),
    (["evaluate", "missing.json"], ["missing.json: cannot read snapshot"]),
    (["scan", "aws", "--fail-on", "severe"], ["unknown --fail-on 'severe'"]),
    (["scan", "aws", "--checks-dir", "/no/such/dir"], ["--checks-dir is not a folder"]),
])
def test_usage_errors_are_one_line(moto, args, fragments):
    if "--endpoint-url" not in args and args[0] == "scan":
        args = args + ["--endpoint-url", moto]
    one_line_error(run_cli(*args), *fragments)


def test_malformed_snapshot_is_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "srmscan-snapshot", "schema_version": 1, "resources": "x"}')
    one_line_error(run_cli("evaluate", str(bad)), "bad.json: malformed snapshot")


def test_missing_credentials_is_one_line(moto):
    env = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""}
    one_line_error(run_cli("scan", "aws", "--service", "s3", "--endpoint-url", moto, env=env), "no usable AWS credentials")


def test_unknown_profile_is_one_line(moto):
    one_line_error(run_cli("scan", "aws", "--profile", "nope", "--endpoint-url", moto), "AWS profile 'nope'")


def test_demo_prints_findings_tagged_with_duties(tmp_path, findings_schema):
    result = run_cli("demo")
    assert result.returncode == 0, result.stderr
    assert "Data access and sharing settings" in result.stdout
    assert "acme-public-website" in result.stdout
    as_json = run_cli("demo", "--format", "json")
    report = json.loads(as_json.stdout)
    jsonschema.validate(report, findings_schema)
    assert report["summary"]["by_status"]["FAIL"] > 0
    assert all(f["responsibility"]["id"] for f in report["findings"])


def test_demo_honours_fail_on():
    report = json.loads(run_cli("demo", "--format", "json").stdout)
    severities = report["summary"]["failing_by_severity"]
    assert severities.get("critical")   # the demo has critical failures...
    assert run_cli("demo", "--fail-on", "critical").returncode == 1   # ...so asking to gate on them fails
    assert run_cli("demo", "--fail-on", "none").returncode == 0
    assert run_cli("demo").returncode == 0                            # the default never gates the demo
    wrong = run_cli("demo", "--fail-on", "severe")
    assert wrong.returncode == 2 and "unknown --fail-on 'severe'" in wrong.stderr


def test_checks_of_an_unknown_provider_is_one_line():
    result = run_cli("checks", "--provider", "oracle")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "srmscan: error: unknown --provider 'oracle'; choose one of: aws, gcp, azure"


def test_checks_responsibilities_schema_commands():
    checks = run_cli("checks")
    assert checks.returncode == 0
    lines = checks.stdout.splitlines()
    assert lines[0].split() == ["Check", "Severity", "Model", "Duty", "Title"] and set(lines[1]) <= {"-", " "}
    row = next(line for line in lines if line.startswith("aws.s3.bucket_public_access "))
    assert row.split()[1:4] == ["critical", "PaaS", "data-access-sharing"] and row.endswith("on the internet")
    title_column = lines[0].index("Title")
    assert all(line[title_column - 2:title_column] == "  " for line in lines[2:])   # columns aligned
    duties = run_cli("responsibilities")
    assert duties.returncode == 0 and "guest-os-hardening" in duties.stdout and "Physical datacenter" in duties.stdout
    schema = run_cli("schema")
    assert json.loads(schema.stdout)["title"] == "srmscan findings"


def test_account_text_is_escaped_on_the_terminal(tmp_path):
    snapshot = json.loads((REPO / "fixtures" / "checks" / "aws_s3_cases.json").read_text())
    for resource in snapshot["resources"]:
        if resource["name"] == "open-policy":
            resource["name"] = "evil\x1b[2J\x1b]0;pwned\x07bucket"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(snapshot))
    result = run_cli("evaluate", str(path))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "evil\\x1b[2J" in result.stdout


def test_help_mentions_exit_codes():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "Exit codes" in result.stdout


@pytest.mark.parametrize("args", [["--checks", "aws.s3.nope"], ["--fail-on", "severe"], ["--baseline", "missing.json"],
                                  ["--format", "xml"], ["--sarif", "/no/such/folder/x.sarif"],
                                  ["--snapshot-out", "/no/such/folder/s.json"]],
                         ids=["checks", "fail-on", "baseline", "format", "sarif-path", "snapshot-path"])
def test_bad_options_fail_before_any_api_call(moto, args):
    with FaultProxy(moto) as proxy:
        result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", proxy.url, *args)
        assert result.returncode == 2
        assert proxy.requests == []


def test_evaluating_the_same_snapshot_twice_is_refused(tmp_path):
    demo = REPO / "fixtures" / "demo" / "aws.json"
    copy = tmp_path / "copy.json"
    copy.write_text(demo.read_text())
    for args in ((str(demo), str(demo)), (str(demo), str(copy))):
        result = run_cli("evaluate", *args, "--format", "json")
        one_line_error(result, "both contain", "count each result twice", args[1])
        assert result.stdout == ""
    assert run_cli("evaluate", str(demo), str(REPO / "fixtures" / "demo" / "gcp.json")).returncode == 1


def test_table_shows_at_most_25_rows_per_check_and_counts_the_rest(tmp_path):
    data = json.loads((REPO / "fixtures" / "demo" / "aws.json").read_text())
    template = next(r for r in data["resources"] if r["name"] == "acme-public-website")
    for i in range(40):
        data["resources"].append({**template, "id": f"arn:aws:s3:::copy-{i:02d}", "name": f"copy-{i:02d}"})
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data))
    table = run_cli("evaluate", str(path), "--checks", "aws.s3.bucket_public_access").stdout
    # 4 public demo buckets + 40 copies: 25 rows (the 4, then 21 copies by id), then the count
    assert "... and 19 more" in table
    assert table.count("copy-") == 21 and "44 failed" in table
    report = json.loads(run_cli("evaluate", str(path), "--checks", "aws.s3.bucket_public_access", "--format", "json").stdout)
    assert sum(f["status"] == "FAIL" for f in report["findings"]) == 44
