"""SARIF (official schema + GitHub's rules), --fail-on, baselines and waivers, from real moto scans."""

import datetime as dt
import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import run_cli
from fault_proxy import S3_ACCESS_DENIED, FaultProxy, Rule

REPO = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())
SEVERITY_SCORE = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def scan(moto, tmp_path, *extra, name="run"):
    json_out, sarif_out = tmp_path / f"{name}.json", tmp_path / f"{name}.sarif"
    result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", moto, "--format", "json", "--output", str(json_out),
                     "--sarif", str(sarif_out), *extra, cwd=tmp_path)
    assert result.returncode in (0, 1, 3), result.stderr
    return result, json.loads(json_out.read_text()), json.loads(sarif_out.read_text())


@pytest.fixture
def demo_scan(moto, seeded_demo, tmp_path):
    return scan(moto, tmp_path)


def test_sarif_is_valid_against_the_official_schema(demo_scan):
    _, _, sarif = demo_scan
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    errors = sorted(validator.iter_errors(sarif), key=str)
    assert not errors, errors[0]
    assert validator.__class__.__name__ == "Draft4Validator"


def test_sarif_meets_github_rules(demo_scan):
    _, report, sarif = demo_scan
    [run] = sarif["runs"]
    failing = [f for f in report["findings"] if f["status"] == "FAIL"]
    assert len(run["results"]) == len(failing) > 0
    by_fingerprint = {f["fingerprint"]: f for f in failing}
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for result in run["results"]:
        [location] = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri) and not uri.startswith("/")
        assert uri.startswith("cloud/aws/123456789012/")
        assert location["physicalLocation"]["region"]["startLine"] == 1
        fingerprint = result["partialFingerprints"]["primaryLocationLineHash"].split(":")[0]
        finding = by_fingerprint[fingerprint]
        assert location["logicalLocations"][0]["fullyQualifiedName"] == finding["resource"]["id"]
        assert result["properties"]["resourceId"].startswith("arn:aws:s3:::") or finding["resource"]["type"] == "aws.account"
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["check"]["id"]
        assert result["level"] == {"critical": "error", "high": "error", "medium": "warning", "low": "note"}[finding["check"]["severity"]]
    assert "cloud/aws/123456789012/eu-west-1/s3/acme-shared-uploads" in {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    for rule in rules:
        severity = next(f["check"]["severity"] for f in report["findings"] if f["check"]["id"] == rule["id"])
        assert rule["properties"]["security-severity"] == SEVERITY_SCORE[severity]
        assert float(rule["properties"]["security-severity"])
        assert 0 < len(rule["properties"]["tags"]) <= 20
        for key in ("name", "shortDescription", "fullDescription"):
            assert rule[key]
        assert "Customer duty" in rule["help"]["text"] and "Remediation" in rule["help"]["text"]
        assert "**Customer duty:**" in rule["help"]["markdown"] and "**Remediation.**" in rule["help"]["markdown"]
    assert run["automationDetails"]["id"] == "srmscan/aws/123456789012/"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_same_scan_twice_gives_identical_fingerprints(moto, seeded_demo, tmp_path):
    _, first, sarif1 = scan(moto, tmp_path, name="one")
    _, second, sarif2 = scan(moto, tmp_path, name="two")
    assert [f["fingerprint"] for f in first["findings"]] == [f["fingerprint"] for f in second["findings"]]
    assert sarif1["runs"][0]["results"] == sarif2["runs"][0]["results"]


def test_errors_become_tool_notifications_not_results(moto, aws_client, tmp_path):
    s3 = aws_client("s3")
    s3.create_bucket(Bucket="hidden")
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/hidden\?policy", S3_ACCESS_DENIED))
        result, report, sarif = scan(proxy.url, tmp_path)
    run = sarif["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    policy_checks = {"aws.s3.bucket_public_access", "aws.s3.bucket_secure_transport", "aws.s3.bucket_no_foreign_control"}
    assert {n["descriptor"]["id"] for n in notes} == policy_checks
    assert run["invocations"][0]["executionSuccessful"] is False
    assert not any(r["ruleId"] in policy_checks for r in run["results"])


@pytest.mark.parametrize("fail_on,expected", [("any", 1), ("low", 1), ("critical", 1), ("none", 0)])
def test_fail_on_thresholds_with_critical_findings(moto, seeded_demo, tmp_path, fail_on, expected):
    result, _, _ = scan(moto, tmp_path, "--fail-on", fail_on)
    assert result.returncode == expected


def test_fail_on_threshold_above_the_worst_finding(moto, aws_client, tmp_path):
    aws_client("s3").create_bucket(Bucket="plain")  # only medium/low failures, nothing critical or high
    result, report, _ = scan(moto, tmp_path, "--checks", "aws.s3.bucket_*", "--fail-on", "high")
    assert report["summary"]["by_status"]["FAIL"] > 0
    assert result.returncode == 0
    assert scan(moto, tmp_path, "--checks", "aws.s3.bucket_*", "--fail-on", "medium")[0].returncode == 1


def test_baseline_gates_only_on_new_findings(moto, seeded_demo, aws_client, tmp_path):
    _, first, _ = scan(moto, tmp_path, name="first")
    unchanged, _, _ = scan(moto, tmp_path, "--baseline", str(tmp_path / "first.json"), name="same")
    assert unchanged.returncode == 0  # failures exist, but none is new

    s3 = aws_client("s3")
    s3.put_public_access_block(Bucket="acme-public-website", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.create_bucket(Bucket="acme-new-leak")
    s3.put_bucket_ownership_controls(Bucket="acme-new-leak", OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_policy(Bucket="acme-new-leak", Policy=json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*",
                         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-new-leak/*"}]}))
    result, report, sarif = scan(moto, tmp_path, "--baseline", str(tmp_path / "first.json"), "--fail-on", "critical",
                                 name="second")
    assert result.returncode == 1
    states = {(f["check"]["id"], f["resource"]["name"]): f.get("baseline_state") for f in report["findings"]
              if f["status"] == "FAIL"}
    assert states[("aws.s3.bucket_public_access", "acme-new-leak")] == "new"
    assert states[("aws.s3.bucket_public_access", "acme-shared-uploads")] == "unchanged"
    fixed = {(f["check"], f["resource"]) for f in report["fixed_since_baseline"]}
    assert ("aws.s3.bucket_public_access", "arn:aws:s3:::acme-public-website") in fixed
    assert ("aws.s3.bucket_public_access_block", "arn:aws:s3:::acme-public-website") in fixed
    assert report["summary"]["baseline"]["fixed"] == len(fixed)
    sarif_states = {r["properties"]["resourceId"]: r["baselineState"] for r in sarif["runs"][0]["results"]
                    if r["ruleId"] == "aws.s3.bucket_public_access"}
    assert sarif_states["arn:aws:s3:::acme-new-leak"] == "new"
    assert sarif_states["arn:aws:s3:::acme-shared-uploads"] == "unchanged"
    table = run_cli("evaluate", "--help")
    assert "--baseline" in table.stdout


def write_waivers(path: Path, entries: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"waivers": entries}, sort_keys=False))
    return path


def waiver(check, resource, expires, **extra):
    return {"check": check, "resource": resource, "reason": "accepted: public website", "owner": "web-team@example.com",
            "expires": expires, **extra}


def test_waived_findings_stay_marked_and_do_not_gate(moto, aws_client, tmp_path):
    s3 = aws_client("s3")
    s3.create_bucket(Bucket="site")
    s3.put_bucket_ownership_controls(Bucket="site", OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_policy(Bucket="site", Policy=json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*",
                         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}))
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    write_waivers(tmp_path / ".srmscan-waivers.yaml", [waiver("aws.s3.bucket_public_access", "arn:aws:s3:::si*", future)])
    result, report, sarif = scan(moto, tmp_path, "--checks", "aws.s3.bucket_public_access")  # default file picked up
    assert result.returncode == 0
    [finding] = report["findings"]
    assert finding["status"] == "FAIL" and finding["waiver"]["owner"] == "web-team@example.com"
    assert report["summary"]["waived"] == 1
    [sarif_result] = sarif["runs"][0]["results"]
    assert sarif_result["suppressions"][0]["kind"] == "external"


def test_expired_waiver_fails_the_gate_and_is_reported(moto, aws_client, tmp_path):
    s3 = aws_client("s3")
    s3.create_bucket(Bucket="site")
    path = write_waivers(tmp_path / "w.yaml", [waiver("aws.s3.bucket_versioning", "arn:aws:s3:::site", "2020-01-31")])
    result, report, _ = scan(moto, tmp_path, "--checks", "aws.s3.bucket_versioning", "--waivers", str(path))
    assert result.returncode == 1
    assert "waiver" not in report["findings"][0]
    assert "expired on 2020-01-31" in result.stderr and "expired on 2020-01-31" in report["warnings"][0]


def test_waiver_patterns_are_anchored_never_substrings(moto, aws_client, tmp_path):
    s3 = aws_client("s3")
    s3.create_bucket(Bucket="prod-data")
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    path = write_waivers(tmp_path / "w.yaml", [waiver("aws.s3.bucket_versioning", "prod-data", future),
                                              waiver("aws.s3.bucket_versioning", "arn:aws:s3:::prod", future)])
    result, report, _ = scan(moto, tmp_path, "--checks", "aws.s3.bucket_versioning", "--waivers", str(path))
    assert result.returncode == 1 and "waiver" not in report["findings"][0]


@pytest.mark.parametrize("text,fragment", [
    ("waivers:\n  - check: aws.s3.bucket_versioning\n    resource: x\n    owner: me\n    expires: 2030-01-01\n",
     "w.yaml:2: waiver is missing 'reason'"),
    ("waivers:\n  - check: aws.s3.bucket_versioning\n    resource: x\n    reason: r\n    owner: me\n    expires: soon\n",
     "w.yaml:6: 'expires' must be a date"),
    ("waivers:\n  - check: aws.s3.nope\n    resource: x\n    reason: r\n    owner: me\n    expires: 2030-01-01\n",
     "w.yaml:2: waiver names unknown check 'aws.s3.nope'"),
    ("waivers:\n  - check: aws.s3.bucket_versioning\n    resource: x\n    reason: r\n    owner: me\n    expires: 2030-01-01\n    note: x\n",
     "w.yaml:7: unknown waiver field 'note'"),
    ("waivers: [\n", "w.yaml:2: invalid YAML"),
    ("- just a list\n", "w.yaml:1: expected a top-level 'waivers:' list"),
])
def test_malformed_waiver_file_is_exit_2_naming_the_line(moto, tmp_path, text, fragment):
    (tmp_path / "w.yaml").write_text(text)
    result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", moto, "--waivers", str(tmp_path / "w.yaml"), cwd=tmp_path)
    assert result.returncode == 2
    assert fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bad_baseline_is_exit_2(moto, tmp_path):
    (tmp_path / "b.json").write_text('{"findings": []}')
    result = run_cli("scan", "aws", "--service", "s3", "--endpoint-url", moto, "--baseline", str(tmp_path / "b.json"), cwd=tmp_path)
    assert result.returncode == 2 and "must be an srmscan JSON findings file" in result.stderr


def test_github_limits_fail_loudly_instead_of_truncating(monkeypatch):
    from srmscan.errors import SrmscanError
    from srmscan.model import Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots
    from srmscan.report import sarif

    report = evaluate_snapshots([Snapshot.load(REPO / "fixtures" / "demo" / "aws.json")], Selection())
    monkeypatch.setattr(sarif, "MAX_RESULTS_PER_RUN", 3)
    with pytest.raises(SrmscanError, match="exceed GitHub's 3 results per SARIF run"):
        sarif.render(report)
    monkeypatch.setattr(sarif, "MAX_RESULTS_PER_RUN", 25_000)
    monkeypatch.setattr(sarif, "MAX_GZIPPED_BYTES", 100)
    with pytest.raises(SrmscanError, match="over GitHub's 10 MB upload limit"):
        sarif.render(report)


def _cli_parse(args: list[str]) -> None:
    """Parse an srmscan command line with the real CLI definition, without running it."""
    import typer

    from srmscan.cli.app import app

    command = typer.main.get_command(app)
    context = command.make_context("srmscan", list(args))
    while hasattr(command, "resolve_command"):
        remaining = list(getattr(context, "_protected_args", None) or getattr(context, "protected_args", [])) + context.args
        name, command, rest = command.resolve_command(context, remaining)
        context = command.make_context(name, rest, parent=context)


SHELL_KEYS = {"run", "script", "before_script", "after_script", "args"}   # GitHub, GitLab, Kubernetes containers
GITHUB_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def _commands(node, shell: bool = False) -> list[str]:
    """srmscan command lines inside shell steps (GitHub `run:`, GitLab `script:`, a container's `args:`),
    each command of a `&&` / `;` chain apart; GitHub `${{ }}` expressions stand for a value."""
    if isinstance(node, dict):
        return [c for key, value in node.items() for c in _commands(value, shell or key in SHELL_KEYS)]
    if isinstance(node, list):
        return [c for value in node for c in _commands(value, shell)]
    if isinstance(node, str) and shell:
        text = GITHUB_EXPRESSION.sub("1", node.replace("\\\n", " "))
        pieces = [piece.strip() for line in text.splitlines() for piece in re.split(r"&&|;", line)]
        return [piece for piece in pieces if piece.startswith("srmscan ")]
    return []


CI_RECIPES = sorted(p.name for p in (REPO / "docs").iterdir() if p.suffix in (".yml", ".yaml"))


@pytest.mark.parametrize("recipe", CI_RECIPES)
def test_ci_recipes_run_valid_srmscan_commands(recipe):
    documents = list(yaml.safe_load_all((REPO / "docs" / recipe).read_text()))
    commands = _commands(documents)
    assert commands, "no srmscan command found"
    for line in commands:
        _cli_parse(shlex.split(line)[1:])
    if "org" in recipe:   # organisation recipes: shards collected, then merged into SARIF files within GitHub's limits
        assert any("--shard" in c for c in commands) and any("evaluate" in c and "--sarif-dir" in c for c in commands)
    else:
        assert any("--sarif" in c and "--baseline" in c for c in commands)


def test_the_recipes_are_all_checked():
    assert {"github-actions-audit.yml", "gitlab-ci-audit.yml", "kubernetes-org-audit.yaml",
            "github-actions-org-audit.yml"} <= set(CI_RECIPES)


def test_cli_parse_rejects_a_bad_command():
    with pytest.raises(Exception, match="No such option"):
        _cli_parse(["scan", "aws", "--sariff", "x"])


def collect_as(moto, tmp_path, name, role_account=None):
    """A real snapshot from moto: the default account, or another one through an assumed role."""
    out = tmp_path / f"{name}.snapshot.json"
    env = {"AWS_ENDPOINT_URL": moto}
    if role_account:
        (tmp_path / "config").write_text(f"[profile other]\nrole_arn = arn:aws:iam::{role_account}:role/audit\n"
                                         "source_profile = base\nregion = us-east-1\n")
        (tmp_path / "credentials").write_text("[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
        env.update({"AWS_CONFIG_FILE": str(tmp_path / "config"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
                    "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""})
    args = ("collect", "aws", "--service", "s3", "--output", str(out)) + (("--profile", "other") if role_account else ())
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    return out


def sarif_of(tmp_path, name, *snapshots, extra=()):
    out = tmp_path / f"{name}.sarif"
    result = run_cli("evaluate", *map(str, snapshots), "--format", "sarif", "--output", str(out), *extra)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(out.read_text())


def test_sarif_category_of_an_account_does_not_change_when_another_is_added(moto, seeded_demo, tmp_path):
    first = collect_as(moto, tmp_path, "first")
    second = collect_as(moto, tmp_path, "second", role_account="210987654321")
    one = sarif_of(tmp_path, "one", first)
    two = sarif_of(tmp_path, "two", first, second)
    categories = lambda sarif: [run["automationDetails"]["id"] for run in sarif["runs"]]  # noqa: E731
    assert categories(one) == ["srmscan/aws/123456789012/"]
    assert categories(two) == ["srmscan/aws/123456789012/", "srmscan/aws/210987654321/"]
    assert two["runs"][0]["results"] == one["runs"][0]["results"] != []
    assert two["runs"][1]["results"] and all("cloud/aws/210987654321/" in r["locations"][0]["physicalLocation"]
                                             ["artifactLocation"]["uri"] for r in two["runs"][1]["results"])
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    assert not list(validator.iter_errors(two))


def test_sarif_category_prefix_option(moto, seeded_demo, tmp_path):
    snapshot = collect_as(moto, tmp_path, "first")
    sarif = sarif_of(tmp_path, "prefixed", snapshot, extra=("--sarif-category", "nightly/prod"))
    assert [run["automationDetails"]["id"] for run in sarif["runs"]] == ["nightly/prod/aws/123456789012/"]
    bad = run_cli("evaluate", str(snapshot), "--format", "sarif", "--sarif-category", "a b;c")
    assert bad.returncode == 2 and "--sarif-category" in bad.stderr and "Traceback" not in bad.stderr


def test_a_clean_account_still_gets_its_sarif_run(moto, aws_client, tmp_path):
    aws_client("s3").create_bucket(Bucket="tidy")
    snapshot = collect_as(moto, tmp_path, "clean")
    sarif = sarif_of(tmp_path, "clean", snapshot, extra=("--checks", "aws.s3.bucket_public_access"))
    [run] = sarif["runs"]
    assert run["automationDetails"]["id"] == "srmscan/aws/123456789012/" and run["results"] == []


@pytest.mark.parametrize("recipe", ["github-actions-audit.yml", "gitlab-ci-audit.yml"])
def test_a_recipe_run_twice_gates_only_on_what_is_new(recipe, tmp_path):
    """The recipe's own scan command, driven twice (the AWS demo account as the scan's snapshot): the first run
    establishes the baseline in the store and passes, the second fails only on a finding that is new."""
    [line] = [c for c in _commands(list(yaml.safe_load_all((REPO / "docs" / recipe).read_text()))) if "scan aws" in c]
    line = re.sub(r"\$\{SRMSCAN_STORE:-([^}]*)\}", r"\1", line)   # the secret is unset: the shell's default
    args = shlex.split(line.replace("$PWD", str(tmp_path)).replace("$CI_PROJECT_DIR", str(tmp_path)))
    options = args[args.index("aws") + 1:]
    assert "--store" in options and options[options.index("--baseline") + 1] == "store"
    (tmp_path / ".srmscan").mkdir()
    demo = json.loads((REPO / "fixtures" / "demo" / "aws.json").read_text())
    earlier = dict(demo, resources=[r for r in demo["resources"] if r["name"] != "acme-public-website"])
    (tmp_path / "earlier.json").write_text(json.dumps(earlier))
    (tmp_path / "now.json").write_text(json.dumps(demo))
    env = {"SRMSCAN_STORE": ""}
    first = run_cli("evaluate", str(tmp_path / "earlier.json"), *options, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr   # existing findings, but this run is the baseline
    second = run_cli("evaluate", str(tmp_path / "now.json"), *options, env=env, cwd=tmp_path)
    assert second.returncode == 1, second.stderr   # the public website bucket is new, and critical
    report = json.loads((tmp_path / "findings.json").read_text())
    new = {f["resource"]["name"] for f in report["findings"] if f.get("baseline_state") == "new"}
    assert new == {"acme-public-website"}
