"""When a managed database or search engine version leaves its provider's standard support (AWS; Azure's
flexible servers; Cloud SQL for MySQL), and the verdict
"is this engine version still in standard support on that day?".

RDS and Aurora need no table: DescribeDBMajorEngineVersions answers each open-source engine's standard and
Extended Support end dates, recorded in the snapshot. ElastiCache and OpenSearch Service publish their
dates only in their guides, so those are tables here, with their source and the day they were read; a
version missing from a table is "unknown" (ERROR, asking for an update), never assumed supported.

Past the end of standard support the verdict is FAIL, Extended Support or not: RDS, ElastiCache and
OpenSearch Extended Support is a paid bridge that ships only critical (and, for RDS and ElastiCache, high)
CVE fixes, not the engine's regular security releases.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, NamedTuple

from srmscan.check import Verdict, failed, passed, undetermined


class Support(NamedTuple):
    standard_end: date | None    # None: no end of standard support announced
    extended_end: date | None = None


# Amazon ElastiCache User Guide, "Engine versions and upgrading": the Redis OSS end-of-life schedule (2.x ended
# 2023-01-13, 3.x 2023-07-31) and "ElastiCache Extended Support" (Redis OSS 4 and 5: end of standard support
# 2026-01-31, Extended Support until 2029-01-31; also the AWS Database Blog, "Introducing Extended Support for
# Amazon ElastiCache version 4 and version 5 for Redis OSS"). Redis OSS 6 and 7 and Valkey have no announced end.
# Keyed by engine, then major version. Read 2026-12-04.
ELASTICACHE_SOURCE = "Amazon ElastiCache User Guide, Redis OSS end of life schedule and Extended Support (read 2026-12-04)"
ELASTICACHE: dict[str, dict[str, Support]] = {
    "redis": {"2": Support(date(2023, 1, 13)), "3": Support(date(2023, 7, 31)),
              "4": Support(date(2026, 1, 31), date(2029, 1, 31)), "5": Support(date(2026, 1, 31), date(2029, 1, 31)),
              "6": Support(None), "7": Support(None)},
    "valkey": {"7": Support(None), "8": Support(None)},
}

# Amazon OpenSearch Service Developer Guide, "Supported versions" (standard and Extended Support), as tracked by
# endoflife.date/amazon-elasticsearch and /amazon-opensearch: every legacy Elasticsearch version but 6.8, 7.9 and
# 7.10, and OpenSearch 1.0-1.2 and 2.3-2.9, left standard support on 2025-11-07; Elasticsearch 7.9 and 7.10 leave
# it on 2027-11-07. Elasticsearch 6.8 is left out: the two readings disagree on it. Extended Support end dates are
# left out for the same reason (they do not change the verdict). Keyed by the EngineVersion prefix. Read 2026-12-04.
OPENSEARCH_SOURCE = "Amazon OpenSearch Service Developer Guide, supported versions (read 2026-12-04)"
_ES_ENDED = ("1.5", "2.3", "5.1", "5.3", "5.5", "5.6", "6.0", "6.2", "6.3", "6.4", "6.5", "6.7", "7.1", "7.4", "7.7", "7.8")
_OS_ENDED = ("1.0", "1.1", "1.2", "2.3", "2.5", "2.7", "2.9")
_OS_CURRENT = ("1.3", "2.11", "2.13", "2.15", "2.17", "2.19", "3.1", "3.2", "3.3")
OPENSEARCH: dict[str, dict[str, Support]] = {
    "Elasticsearch": {**{v: Support(date(2025, 11, 7)) for v in _ES_ENDED},
                      "7.9": Support(date(2027, 11, 7)), "7.10": Support(date(2027, 11, 7))},
    "OpenSearch": {**{v: Support(date(2025, 11, 7)) for v in _OS_ENDED}, **{v: Support(None) for v in _OS_CURRENT}},
}


# Azure Database for PostgreSQL flexible server, version policy (learn.microsoft.com/azure/postgresql/configure-maintain/
# concepts-version-policy, "Azure Standard Support End Date", as tracked by endoflife.date/azure-database-for-postgresql).
# Azure Database for MySQL, version policy (learn.microsoft.com/azure/mysql/concepts-version-policy, mirrored on
# docs.azure.cn): 5.7 standard support ends 2026-03-31, 8.0 on 2026-05-31, both with paid Extended Support until
# 2029-03-31; 8.4 is not dated there, so it is left out (ERROR). Keyed by engine, then major version. Read 2026-12-04.
AZURE_FLEXIBLE_SOURCE = "Azure Database for PostgreSQL and MySQL version policies (read 2026-12-04)"
AZURE_FLEXIBLE: dict[str, dict[str, Support]] = {
    "PostgreSQL": {"11": Support(date(2026, 7, 31)), "12": Support(date(2026, 7, 31)), "13": Support(date(2026, 7, 31)),
                   "14": Support(date(2026, 12, 11)), "15": Support(date(2027, 11, 11)), "16": Support(date(2028, 11, 9)),
                   "17": Support(date(2029, 11, 8)), "18": Support(date(2030, 11, 14))},
    "MySQL": {"5.7": Support(date(2026, 3, 31), date(2029, 3, 31)), "8.0": Support(date(2026, 5, 31), date(2029, 3, 31))},
}

# Cloud SQL for MySQL, "Database versions and version policies" (docs.cloud.google.com/sql/docs/mysql/db-versions):
# MySQL 5.6 and 5.7 entered extended support on 2025-02-01 and reach end of life on 2028-02-01; MySQL 8.0 enters
# extended support on 2026-07-01 and reaches end of life on 2029-07-01; MySQL 8.4 has no date. Standard support
# ends the day before extended support starts. PostgreSQL and SQL Server are left out: their tables could not be
# read from a public source here. Keyed by engine, then major version. Read 2026-12-04.
CLOUD_SQL_SOURCE = "Cloud SQL for MySQL database versions and version policies (read 2026-12-04)"
CLOUD_SQL: dict[str, dict[str, Support]] = {
    "MySQL": {"5.6": Support(date(2025, 1, 31), date(2028, 1, 31)), "5.7": Support(date(2025, 1, 31), date(2028, 1, 31)),
              "8.0": Support(date(2026, 6, 30), date(2029, 6, 30)), "8.4": Support(None)},
}


def major_of(version: str, majors: Iterable[str]) -> str | None:
    """The longest of `majors` that `version` is or begins ("13.15" -> "13", "8.0.mysql_aurora.3.05.2" -> "8.0",
    "9.6.24" -> "9.6"), or None."""
    found = [m for m in majors if version == m or version.startswith(m + ".")]
    return max(found, key=len) if found else None


def rds_support(lifecycles: list[dict]) -> Support | None:
    """The standard and Extended Support end dates of one DescribeDBMajorEngineVersions entry (None: AWS gives no
    lifecycle for it, as for the commercial engines)."""
    ends = {life.get("name"): life.get("end") for life in lifecycles or []}
    standard = ends.get("open-source-rds-standard-support")
    if standard is None:
        return None
    extended = ends.get("open-source-rds-extended-support")
    return Support(date.fromisoformat(standard), date.fromisoformat(extended) if extended else None)


def support_verdict(what: str, support: Support, on: date, **evidence) -> Verdict:
    """PASS in standard support on `on`; FAIL past it, naming the Extended Support end when known."""
    end, extended = support.standard_end, support.extended_end
    if end is None:
        return passed(f"{what} has no announced end of standard support", **evidence)
    if on <= end:
        return passed(f"{what} is in standard support until {end.isoformat()}", standard_end=end.isoformat(),
                      **evidence)
    bridge = ""
    if extended and on <= extended:
        bridge = f"; paid Extended Support (critical fixes only) runs until {extended.isoformat()}"
    elif extended:
        bridge = f"; Extended Support ended {extended.isoformat()} as well"
    return failed(f"{what} has been past standard support since {end.isoformat()}{bridge}",
                  standard_end=end.isoformat(), **evidence)


def table_verdict(table: dict[str, dict[str, Support]], source: str, engine: str, version: str, on: date) -> Verdict:
    """The support verdict of `engine` `version` from a published table (ElastiCache, OpenSearch)."""
    if not engine or not version:
        return undetermined("the engine version was not recorded", engine=engine, version=version)
    versions = table.get(engine)
    if versions is None:
        return undetermined(f"no end-of-support schedule is published for engine {engine!r} ({source})",
                            engine=engine, version=version)
    major = major_of(version, versions)
    if major is None:
        return undetermined(f"{engine} {version} is not in srmscan's table ({source}); update srmscan",
                            engine=engine, version=version)
    return support_verdict(f"{engine} {version}", versions[major], on, engine=engine, version=version)
