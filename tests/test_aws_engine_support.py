"""Engine versions in standard support, read over HTTP: RDS and Aurora judged by the region's
DescribeDBMajorEngineVersions answer (a stand-in in the RDS query API's XML shape, since moto lacks it),
ElastiCache and OpenSearch by srmscan's dated tables, on the engine versions moto's server reports."""

import pytest

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION = "eu-west-1"
PASSWORD = "Not-a-real-one-1"


def _instance(rds, name, engine, version):
    rds.create_db_instance(DBInstanceIdentifier=name, Engine=engine, EngineVersion=version, AllocatedStorage=20,
                           DBInstanceClass="db.t4g.micro", MasterUsername="owner", MasterUserPassword=PASSWORD)


def test_engine_versions_are_judged_by_their_support_dates(moto, aws_client):
    rds = aws_client("rds", REGION)
    _instance(rds, "pg13", "postgres", "13.15")          # standard support ended 2026-02-28 (Extended Support)
    _instance(rds, "pg16", "postgres", "16.3")
    _instance(rds, "orders-oracle", "oracle-ee", "19.0.0.0.ru-2024-10.rur-2024-10.r1")   # no lifecycle from AWS
    rds.create_db_cluster(DBClusterIdentifier="ledger", Engine="aurora-postgresql", EngineVersion="12.22",
                          MasterUsername="owner", MasterUserPassword=PASSWORD)
    cache = aws_client("elasticache", REGION)
    cache.create_cache_cluster(CacheClusterId="sessions-v5", Engine="redis", EngineVersion="5.0.6",
                               CacheNodeType="cache.t4g.micro", NumCacheNodes=1)
    cache.create_cache_cluster(CacheClusterId="sessions-v7", Engine="redis", EngineVersion="7.1.0",
                               CacheNodeType="cache.t4g.micro", NumCacheNodes=1)
    search = aws_client("opensearch", REGION)
    search.create_domain(DomainName="logs-old", EngineVersion="OpenSearch_2.9")
    search.create_domain(DomainName="logs", EngineVersion="OpenSearch_2.19")

    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("rds", "elasticache", "opensearch")),
                               NoProgress())
    errors = {r.name: r.errors for r in snapshot.resources if r.errors}
    assert errors == {}, errors
    got = {key: status for key, status in verdicts(snapshot).items() if key[0].endswith("engine_supported")}
    assert got == {
        ("aws.rds.instance_engine_supported", "pg13"): "FAIL",
        ("aws.rds.instance_engine_supported", "pg16"): "PASS",
        ("aws.rds.instance_engine_supported", "orders-oracle"): "ERROR",
        ("aws.rds.cluster_engine_supported", "ledger"): "FAIL",
        ("aws.elasticache.engine_supported", "sessions-v5"): "FAIL",
        ("aws.elasticache.engine_supported", "sessions-v7"): "PASS",
        ("aws.opensearch.engine_supported", "logs-old"): "FAIL",
        ("aws.opensearch.engine_supported", "logs"): "PASS",
    }
    region = next(r for r in snapshot.resources if r.type == "aws.region")
    assert region.config["rds_engine_lifecycles"]["postgres 13"] == [   # every page of the answer, dates as days
        {"name": "open-source-rds-standard-support", "end": "2026-02-28"},
        {"name": "open-source-rds-extended-support", "end": "2029-02-28"}]
    assert region.config["rds_engine_lifecycles"]["oracle-ee 19"] == []


@pytest.mark.parametrize("version,majors,expected", [
    ("13.15", ["13", "14"], "13"),
    ("9.6.24", ["9.6", "10"], "9.6"),
    ("8.0.mysql_aurora.3.05.2", ["5.7", "8.0"], "8.0"),
    ("10.11.9", ["10.1", "10.11"], "10.11"),      # 10.11 is not 10.1
    ("2.11", ["2.1", "2.11"], "2.11"),
    ("6.x", ["6", "7"], "6"),
    ("13", ["13"], "13"),
    ("130.1", ["13"], None),                      # a prefix must end at a dot
    ("", ["13"], None),
])
def test_major_version_of_an_engine_version(version, majors, expected):
    from srmscan.analysis.engine_lifecycles import major_of

    assert major_of(version, majors) == expected
