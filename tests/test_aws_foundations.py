"""The CIS AWS Foundations checks against moto's server over HTTP: a real `srmscan scan aws` over two
regions must separate every twin of fixtures/aws_foundations_account.py (one misconfigured, one correct
per concept), and judge account-wide settings again after they are fixed."""

from __future__ import annotations

import json

import boto3
import pytest

import aws_foundations_account as twins
import aws_standins
from conftest import run_cli
from fault_proxy import FaultProxy, Rule
from srmscan.engine import evaluate
from srmscan.providers.aws import workers
from srmscan.providers.aws.declare import READ_AT_KEY
from srmscan.providers.aws.session import READ_ONLY_BY_NAME, AwsClients, WriteRefused
from srmscan.registry import load_registry

ACCESS_DENIED_JSON = (400, "application/x-amz-json-1.1",
                      b'{"__type":"AccessDeniedException","message":"not authorized to perform kms:GetKeyRotationStatus"}')


@pytest.fixture
def account(moto, monkeypatch):
    # AWS managed policies (AWSSupportAccess ...) exist, as on AWS; moto reads this when IAM is first used
    # after the reset, and loading them makes each reset slower, so only these tests ask for it.
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    client = lambda service, region: boto3.client(service, region_name=region, endpoint_url=moto)  # noqa: E731
    ids = twins.seed(client)
    with FaultProxy(moto) as proxy:
        proxy.responders.append(aws_standins.AccessAnalyzer(twins.ACCESS_ANALYZERS))
        yield proxy, ids, client


def scan(proxy, tmp_path, *extra, name="scan"):
    out = tmp_path / f"{name}.json"
    result = run_cli("scan", "aws", "--endpoint-url", proxy.url, "--region", "us-east-1", "--region", "eu-west-1",
                     "--format", "json", "--output", str(out), *extra, timeout=300)
    assert result.returncode in (1, 3), result.stderr
    return json.loads(out.read_text())


def verdicts(report: dict, ids: dict[str, str]) -> dict[tuple[str, str], dict]:
    by_id = {generated: label for label, generated in ids.items()}
    found = {}
    for finding in report["findings"]:
        resource = finding["resource"]
        if resource["type"] == "aws.account":
            label = "account"
        elif resource["type"] == "aws.region":
            label = f"region/{resource['region']}"
        elif resource["name"] in by_id:
            label = by_id[resource["name"]]
        elif resource["type"] in ("aws.rds.instance", "aws.efs.file_system"):
            label = f"{resource['name']}/{resource['region']}"
        else:
            label = resource["name"]
        found[(finding["check"]["id"], label)] = finding
    return found


def assert_expected(found, expected: dict[str, dict[str, str]]):
    wrong = {(check, label): (want, found.get((check, label), {}).get("status"),
                              found.get((check, label), {}).get("message"))
             for check, labels in expected.items() for label, want in labels.items()
             if found.get((check, label), {}).get("status") != want}
    assert not wrong, json.dumps({f"{c} {l}": v for (c, l), v in wrong.items()}, indent=1)


def test_every_twin_is_separated_and_fixes_are_seen(account, tmp_path):
    proxy, ids, client = account
    before = scan(proxy, tmp_path, name="before")
    found = verdicts(before, ids)
    assert_expected(found, twins.EXPECTED)
    assert before["summary"]["collection_errors"] == 0
    # evidence that explains
    ssh = found[("aws.ec2.security_group_admin_ports_ipv4", "ssh-open-bad/us-east-1")]
    assert ssh["evidence"]["open"][0] == {"protocol": "tcp", "port": 22, "service": "SSH", "source": "0.0.0.0/0",
                                          "rule": "tcp 22 from 0.0.0.0/0"}
    shadow = found[("aws.ec2.network_acl_admin_ports", "acl-allow-shadows-deny-bad/eu-west-1")]
    assert "rule 100 allow tcp 22 from 0.0.0.0/0" in shadow["message"]
    trail_changes = found[("aws.cloudwatch.cloudtrail_changes_monitored", "account")]
    assert "filter trail-changes" in trail_changes["message"] and "misses StopLogging" in trail_changes["message"]
    no_subscriber = found[("aws.cloudwatch.security_group_changes_monitored", "account")]
    assert "nobody-listens" in no_subscriber["message"] and "no confirmed subscriber" in no_subscriber["message"]
    mfa = found[("aws.iam.user_console_mfa", "console-no-mfa-bad")]
    assert mfa["message"] == "console password without MFA"
    assert found[("aws.cloudwatch.root_usage_monitored", "account")]["evidence"]["subscribers"] == 1

    twins.fix_account_settings(client)
    after = verdicts(scan(proxy, tmp_path, name="after"), ids)
    assert_expected(after, twins.FIXED)


def test_a_denied_read_is_error_on_exactly_its_resources(account, tmp_path):
    proxy, ids, _client = account
    rotating = ids["key-not-rotating-bad/eu-west-1"]
    proxy.rules.append(Rule("POST", r".*", ACCESS_DENIED_JSON,
                            body=rf"TrentService.GetKeyRotationStatus\n.*{rotating}"))
    found = verdicts(scan(proxy, tmp_path, "--checks", "aws.kms.*"), ids)
    assert found[("aws.kms.key_rotation", "key-not-rotating-bad/eu-west-1")]["status"] == "ERROR"
    assert found[("aws.kms.key_rotation", "key-not-rotating-bad/eu-west-1")]["evidence"]["error_code"] == "AccessDeniedException"
    assert found[("aws.kms.key_rotation", "key-not-rotating-bad/us-east-1")]["status"] == "FAIL"
    assert found[("aws.kms.key_not_public", "key-not-rotating-bad/eu-west-1")]["status"] == "PASS"


def test_a_failed_listing_is_recorded_against_its_service_and_region(account, tmp_path):
    proxy, ids, _client = account
    denied = (403, "text/xml", b'<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not '
                               b'authorized to perform this operation.</Message></Error></Errors></Response>')
    proxy.rules.append(Rule("POST", r".*", denied, body=r"Action=DescribeSecurityGroups"))
    report = scan(proxy, tmp_path, "--checks", "aws.ec2.*")
    scopes = {(e["scope"], e["code"]) for e in report["collection_errors"]}
    assert scopes == {("ec2:DescribeSecurityGroups in us-east-1", "UnauthorizedOperation"),
                      ("ec2:DescribeSecurityGroups in eu-west-1", "UnauthorizedOperation")}
    found = verdicts(report, ids)
    assert not any(check.startswith("aws.ec2.security_group") for check, _ in found)
    assert found[("aws.ec2.instance_imdsv2", "imdsv1-no-role-bad/us-east-1")]["status"] == "FAIL"


def test_service_selection_collects_and_judges_only_that_service(account, tmp_path):
    proxy, ids, _client = account
    report = scan(proxy, tmp_path, "--service", "rds", name="rds")
    assert {f["check"]["id"].split(".")[1] for f in report["findings"]} == {"rds"}
    assert report["summary"]["complete"] is True


def test_credential_report_generation_is_the_one_write_named_operation_allowed(moto):
    clients = AwsClients(None, moto, 2)
    iam = clients.client("iam")
    assert iam.generate_credential_report()["State"] in ("STARTED", "COMPLETE")
    for call, kwargs in ((iam.create_user, {"UserName": "intruder"}), (iam.update_account_password_policy,
                                                                        {"MinimumPasswordLength": 6}),
                         (clients.client("ec2").run_instances, {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1}),
                         (clients.client("kms").enable_key_rotation, {"KeyId": "x"})):
        with pytest.raises(WriteRefused):
            call(**kwargs)
    assert boto3.client("iam", endpoint_url=moto).list_users()["Users"] == []


def test_permissions_are_read_only_and_derived(tmp_path):
    result = run_cli("permissions", "aws")
    actions = result.stdout.split()
    assert "iam:GenerateCredentialReport" in actions and "kms:GetKeyRotationStatus" in actions
    verbs = {action.split(":")[1] for action in actions}
    # API Gateway's IAM actions are the HTTP methods of its management API: GET is its only read
    assert all(v.startswith(("Get", "List", "Describe")) or v in READ_ONLY_BY_NAME | {"GET"} for v in verbs), verbs
    assert READ_ONLY_BY_NAME == {"GenerateCredentialReport", "BatchGetAccountStatus"}   # each reviewed by hand


def collect_in_process(proxy, processes: int):
    from srmscan.progress import NoProgress
    from srmscan.providers.aws import AwsTarget, collect

    return collect(AwsTarget(None, ("us-east-1", "eu-west-1"), proxy.url, 8, processes=processes), NoProgress())


def comparable(snapshot) -> list[dict]:
    resources = [resource.to_json() for resource in snapshot.resources]
    for resource in resources:
        resource["config"].pop(READ_AT_KEY, None)   # the clock, not the account
    return sorted(resources, key=lambda r: (r["type"], r["id"]))


def outcomes(snapshot) -> list[tuple]:
    checks = load_registry(use_entry_points=False).all()
    return sorted((r.check.id, r.resource.id, r.verdict.status.value, r.verdict.message)
                  for r in evaluate([snapshot], checks))


def test_worker_processes_collect_and_judge_exactly_what_one_process_does(account, monkeypatch):
    proxy, _ids, _client = account
    monkeypatch.setattr(workers, "LOCAL_FIRST", 0)   # share out from the first resource on
    alone = collect_in_process(proxy, 1)
    shared = collect_in_process(proxy, 3)
    assert (alone.metadata.processes, shared.metadata.processes) == (1, 3)
    assert comparable(shared) == comparable(alone)
    assert any(resource.skipped for resource in shared.resources)   # skips made in workers came back too
    assert shared.errors == alone.errors
    assert outcomes(shared) == outcomes(alone)
    # the workers' requests are counted (they made two thirds of the reads; polling may add one or two)
    assert shared.metadata.api_requests >= 0.95 * alone.metadata.api_requests > 0


FORKED_COLLECT = """
import json, sys
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget, collect, workers

shares = []
share_units = workers.WorkerProcesses.share_units
def recording(self, *args):
    mine = share_units(self, *args)
    shares.append(sorted(mine) if mine is not None else None)
    return mine
workers.WorkerProcesses.share_units = recording
snapshot = collect(AwsTarget(None, ("us-east-1", "eu-west-1"), sys.argv[1], 8, processes=3), NoProgress())
print(json.dumps({"snapshot": snapshot.to_json(), "kept": shares}))
"""


def test_regional_listings_shared_out_to_forked_workers_collect_what_one_process_does(account):
    """In a process with no other thread (as the CLI is), workers are forked at once and take whole services'
    regional listings: the snapshot is the one a single process collects, errors included."""
    import subprocess
    import sys

    from srmscan.model import Snapshot
    from srmscan.providers.aws.collector import regional_units
    from srmscan.providers.aws.services import kinds

    proxy, _ids, _client = account
    alone = collect_in_process(proxy, 1)
    result = subprocess.run([sys.executable, "-c", FORKED_COLLECT, proxy.url], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    shared = Snapshot.from_json(answer["snapshot"])
    [kept] = answer["kept"]
    every = regional_units(kinds(), ["eu-west-1", "us-east-1"])
    assert 0 < len(kept) < len(every) / 2   # this process kept a third or so (it also lists the global kinds)
    theirs = set(every) - {tuple(unit) for unit in kept}
    assert {service for service, _ in kept}.isdisjoint(service for service, _ in theirs)   # whole services
    assert shared.metadata.processes == 3
    assert comparable(shared) == comparable(alone)
    errors = lambda snapshot: sorted(json.dumps(e.to_json(), sort_keys=True) for e in snapshot.errors)  # noqa: E731
    assert errors(shared) == errors(alone)
    assert outcomes(shared) == outcomes(alone)
