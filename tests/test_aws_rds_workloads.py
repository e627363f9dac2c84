"""RDS beyond CIS against moto's server over HTTP: clusters and manual snapshots (instance and cluster) with
who may restore each, judged by their FSBP checks."""

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION = "eu-west-1"


def test_clusters_and_snapshots_are_read_and_judged(moto, aws_client):
    rds = aws_client("rds", REGION)
    rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-postgresql", MasterUsername="orders_admin",
                          MasterUserPassword="Not-a-real-one-1", StorageEncrypted=True, DeletionProtection=True)
    rds.create_db_instance(DBInstanceIdentifier="reports", Engine="postgres", DBInstanceClass="db.t4g.micro",
                           MasterUsername="reports_admin", MasterUserPassword="Not-a-real-one-1", AllocatedStorage=20)
    rds.create_db_snapshot(DBSnapshotIdentifier="reports-before-migration", DBInstanceIdentifier="reports")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="reports-before-migration", AttributeName="restore",
                                     ValuesToAdd=["all"])
    rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier="orders-weekly", DBClusterIdentifier="orders")
    rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier="orders-weekly", AttributeName="restore",
                                             ValuesToAdd=["999999999999"])

    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("rds", "iam")), NoProgress())
    errors = {r.name: r.errors for r in snapshot.resources if r.errors}
    assert errors == {}, errors
    got = verdicts(snapshot)
    assert got[("aws.rds.cluster_deletion_protection", "orders")] == "PASS"
    assert got[("aws.rds.cluster_custom_admin", "orders")] == "PASS"          # orders_admin
    assert got[("aws.rds.instance_custom_port", "reports")] == "FAIL"         # postgres on 5432
    assert got[("aws.rds.cluster_encrypted", "orders")] == "PASS"
    assert got[("aws.rds.snapshot_not_public", "reports-before-migration")] == "FAIL"
    assert got[("aws.rds.cluster_snapshot_not_public", "orders-weekly")] == "PASS"
    assert got[("aws.rds.cluster_snapshot_not_shared_outside", "orders-weekly")] == "FAIL"   # no organisation
    assert got[("aws.rds.snapshot_not_shared_outside", "reports-before-migration")] == "PASS"   # "all" is public
