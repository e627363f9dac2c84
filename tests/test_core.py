"""Snapshot model, engine contract, fingerprints."""

import json

import pytest

from srmscan.check import Status, check, failed, passed
from srmscan.engine import evaluate
from srmscan.errors import InputError
from srmscan.findings import fingerprint
from srmscan.model import CollectionError, ReadError, Resource, ScanMetadata, Snapshot


def make_snapshot():
    bucket = Resource("aws", "aws.s3.bucket", "arn:aws:s3:::b", "b", "1", "eu-west-1",
                      config={"versioning": {"Status": "Enabled"}, "nested": {"a": [1, "x", None]}},
                      errors={"policy": ReadError("AccessDenied", "nope")})
    return Snapshot("aws", [bucket], metadata=ScanMetadata(scanned_by="me"), errors=[CollectionError("s3", "X", "y")])


def test_snapshot_round_trips_through_json(tmp_path):
    original = make_snapshot()
    path = tmp_path / "s.json"
    original.dump(path)
    loaded = Snapshot.load(path)
    assert loaded.to_json() == original.to_json()
    assert loaded.resources[0].errors["policy"] == ReadError("AccessDenied", "nope")


@pytest.mark.parametrize("content,message", [
    ("{", "not valid JSON"),
    ("[]", "not an srmscan snapshot"),
    (json.dumps({"format": "srmscan-snapshot", "schema_version": 99}), "schema version 99"),
    (json.dumps({"format": "srmscan-snapshot", "schema_version": 1, "provider": "aws", "resources": [{"id": 1}]}),
     "malformed snapshot"),
])
def test_bad_snapshots_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        Snapshot.load(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def _checks():
    @check(id="aws.test.reads_policy", title="t", severity="low", resource_type="aws.s3.bucket",
           rationale="r", remediation="m", reads=("policy",))
    def reads_policy(resource, snapshot):
        return passed("ok") if resource.config["policy"] is None else failed("bad")

    @check(id="aws.test.crashes", title="t", severity="low", resource_type="aws.s3.bucket",
           rationale="r", remediation="m", reads=("versioning",))
    def crashes(resource, snapshot):
        return 1 / 0

    @check(id="aws.test.returns_junk", title="t", severity="low", resource_type="aws.s3.bucket",
           rationale="r", remediation="m", reads=("versioning",))
    def returns_junk(resource, snapshot):
        return True

    @check(id="aws.test.never_collected", title="t", severity="low", resource_type="aws.s3.bucket",
           rationale="r", remediation="m", reads=("tags",))
    def never_collected(resource, snapshot):
        return passed("tags " + str(resource.config["tags"]))

    @check(id="aws.test.account", title="t", severity="low", resource_type="aws.s3.bucket",
           rationale="r", remediation="m", reads=("account.x",))
    def account(resource, snapshot):
        return passed(str(snapshot.account(resource).config["x"]))

    @check(id="aws.test.other_type", title="t", severity="low", resource_type="aws.ec2.instance",
           rationale="r", remediation="m", reads=("x",))
    def other_type(resource, snapshot):
        return passed("x")

    return [f.__srmscan_check__ for f in (reads_policy, crashes, returns_junk, never_collected, account, other_type)]


def test_every_applicable_pair_gets_one_result_and_missing_data_is_error():
    results = evaluate([make_snapshot()], _checks())
    by_check = {r.check.id: r.verdict for r in results}
    assert len(results) == 5  # the ec2 check applies to nothing
    assert by_check["aws.test.reads_policy"].status is Status.ERROR
    assert "AccessDenied" in by_check["aws.test.reads_policy"].message
    assert by_check["aws.test.crashes"].status is Status.ERROR
    assert "ZeroDivisionError" in by_check["aws.test.crashes"].message
    assert by_check["aws.test.returns_junk"].status is Status.ERROR
    assert by_check["aws.test.never_collected"].status is Status.ERROR
    assert by_check["aws.test.never_collected"].evidence["error_code"] == "NotCollected"
    assert by_check["aws.test.account"].status is Status.ERROR  # no aws.account resource in the snapshot


def test_fingerprint_is_stable_and_distinct():
    assert fingerprint("aws.s3.x", "arn:aws:s3:::b") == fingerprint("aws.s3.x", "arn:aws:s3:::b")
    assert fingerprint("aws.s3.x", "arn:aws:s3:::b") != fingerprint("aws.s3.y", "arn:aws:s3:::b")
    assert fingerprint("aws.s3.x", "b") != fingerprint("aws.s3.xb", "")


@pytest.mark.parametrize("kwargs,message", [
    ({"id": "Bad Id"}, "id must be"),
    ({"severity": "urgent"}, "severity 'urgent'"),
    ({"resource_type": "azure.storage.account"}, "another provider"),
    ({"title": ""}, "title must be"),
    ({"reads": ()}, "reads must"),
])
def test_bad_check_metadata_is_rejected(kwargs, message):
    from srmscan.check import CheckDefinitionError

    meta = dict(id="aws.test.ok", title="t", severity="low", resource_type="aws.s3.bucket", rationale="r",
                remediation="m", reads=("x",))
    meta.update(kwargs)
    with pytest.raises(CheckDefinitionError, match=message):
        check(**meta)(lambda r, s: None)
