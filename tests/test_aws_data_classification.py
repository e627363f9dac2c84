"""Data classification (and the protection of backups) on AWS over HTTP: Macie's session from moto's server, its automated discovery and
bucket inventory from a stand-in in DescribeBuckets' real shape (fixtures/aws_standins.Macie), S3 buckets
from moto. A bucket Macie rates sensitive is judged with srmscan's own exposure of it; Macie being off in a
region is a setting, a denial of GetMacieSession an ERROR. Backup vaults from moto, their recovery points and access
policies from a stand-in (fixtures/aws_standins.Backup)."""

import json

from aws_standins import Macie
from fault_proxy import FaultProxy, Rule
from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

ON, OFF = "eu-west-1", "us-east-1"
PUBLIC_READ = {"Version": "2012-10-17", "Statement": [
    {"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{}/*"}]}


def _bucket(s3, name: str, public: bool = False, encrypted: bool = True) -> None:
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": ON})
    if encrypted:   # as S3 does for every bucket since January 2023 (moto does not)
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    if public:
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps(PUBLIC_READ).replace("{}", name))


def _verdicts(proxy, services=("s3", "macie"), regions=(ON, OFF)):
    snapshot = collect_account(AwsTarget(None, regions, proxy.url, 8, services), NoProgress())
    return snapshot, verdicts(snapshot)


def test_sensitive_buckets_are_judged_with_their_exposure(moto, aws_client):
    s3 = aws_client("s3", ON)
    for name, public in (("patients", True), ("payroll", False), ("exports", False), ("brochures", True),
                         ("unrated", True)):
        _bucket(s3, name, public)
    _bucket(s3, "legacy", encrypted=False)
    aws_client("macie2", ON).enable_macie()
    macie = Macie({ON: {"discovery": "ENABLED", "buckets": [
        {"name": "patients", "score": 92}, {"name": "payroll", "score": 51}, {"name": "brochures", "score": 12},
        {"name": "exports", "score": 100, "shared": "EXTERNAL"}, {"name": "unrated"},
        {"name": "legacy", "score": 75}]}}, off=(OFF,))
    with FaultProxy(moto) as proxy:
        proxy.responders.append(macie)
        snapshot, got = _verdicts(proxy)
    regions = {r.region: r for r in snapshot.resources if r.type == "aws.region"}
    assert regions[OFF].config["macie"] == {"status": "DISABLED", "automated_discovery": None, "buckets": {}}
    assert regions[OFF].errors == {}
    assert got[("aws.macie.enabled", ON)] == "PASS"
    assert got[("aws.macie.enabled", OFF)] == "FAIL"
    assert got[("aws.macie.automated_discovery", ON)] == "PASS"
    assert got[("aws.macie.automated_discovery", OFF)] == "FAIL"
    rule = "aws.macie.sensitive_bucket_not_exposed"
    names = ("patients", "payroll", "exports", "brochures", "unrated", "legacy")
    assert {name: got[(rule, name)] for name in names} == {
        "patients": "FAIL",     # sensitive and public through its policy
        "payroll": "PASS",      # sensitive (51 is the first sensitive score), private and encrypted by default
        "exports": "FAIL",      # Macie says it is shared outside the organisation
        "brochures": "PASS",    # public, but Macie rates it not sensitive
        "unrated": "PASS",      # no score in Macie's inventory
        "legacy": "FAIL",       # sensitive, private, but no default encryption
    }


def test_a_denied_macie_session_is_an_error_not_macie_off(moto, aws_client):
    denied = (403, "application/json", json.dumps({
        "__type": "AccessDeniedException",
        "message": "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: "
                   "macie2:GetMacieSession"}).encode())
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("GET", r"^/macie$", denied))
        snapshot, got = _verdicts(proxy, services=("macie",), regions=(ON,))
    region = next(r for r in snapshot.resources if r.type == "aws.region")
    assert region.errors["macie"].code == "AccessDeniedException"
    assert got[("aws.macie.enabled", ON)] == "ERROR"
    assert got[("aws.macie.automated_discovery", ON)] == "ERROR"


def test_a_paused_macie_reads_no_inventory(moto, aws_client):
    client = aws_client("macie2", ON)
    client.enable_macie(status="PAUSED")
    with FaultProxy(moto) as proxy:
        proxy.responders.append(Macie({ON: {"discovery": "ENABLED", "buckets": [{"name": "x", "score": 99}]}}))
        snapshot, got = _verdicts(proxy, services=("macie",), regions=(ON,))
    region = next(r for r in snapshot.resources if r.type == "aws.region")
    assert region.config["macie"] == {"status": "PAUSED", "automated_discovery": None, "buckets": {}}
    assert got[("aws.macie.enabled", ON)] == "FAIL"


def test_backup_vaults_are_judged_on_their_recovery_points_and_policy(moto, aws_client):
    from aws_standins import Backup

    backup = aws_client("backup", ON)
    for name in ("daily", "shared", "spare"):
        backup.create_backup_vault(BackupVaultName=name)
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "anyone-copies", "Effect": "Allow",
                                                                 "Principal": "*", "Action": "backup:CopyIntoBackupVault",
                                                                 "Resource": "*"}]})
    points = [(f"arn:aws:ec2:{ON}::snapshot/snap-{i:08x}", i != 2) for i in range(3)]   # the third is not encrypted
    with FaultProxy(moto) as proxy:
        proxy.responders.append(Backup({"daily": {"points": points}, "shared": {"policy": policy}}))
        snapshot, got = _verdicts(proxy, services=("backup",), regions=(ON,))
    vaults = {r.name: r for r in snapshot.resources if r.type == "aws.backup.vault"}
    assert vaults["daily"].config["recovery_points"] == {"count": 3, "unencrypted": [points[2][0]]}   # two pages
    assert got[("aws.backup.recovery_points_encrypted", "daily")] == "FAIL"
    assert got[("aws.backup.vault_not_public", "shared")] == "FAIL"
    assert got[("aws.backup.vault_not_public", "spare")] == "PASS"     # no policy: ResourceNotFoundException


def test_efs_automatic_backups_are_read(moto, aws_client):
    efs = aws_client("efs", ON)
    efs.create_file_system(CreationToken="backed-up", Backup=True, Tags=[{"Key": "Name", "Value": "backed-up"}])
    efs.create_file_system(CreationToken="never", Tags=[{"Key": "Name", "Value": "never"}])
    with FaultProxy(moto) as proxy:
        snapshot, got = _verdicts(proxy, services=("efs",), regions=(ON,))
    assert [e for r in snapshot.resources for e in r.errors] == []   # PolicyNotFound is an answer
    assert got[("aws.efs.automatic_backups", "backed-up")] == "PASS"
    assert got[("aws.efs.automatic_backups", "never")] == "FAIL"
