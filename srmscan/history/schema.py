"""The history's tables (SQLAlchemy Core). Each change to them is an Alembic revision in migrations/versions."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

# What a result and a finding both record of the (check, resource) pair they are about.
FINDING_IDENTITY = ("check_id", "severity", "duty", "provider", "account", "resource_id", "resource_name")


def _identity_columns() -> list[Column]:
    """FINDING_IDENTITY's columns (new Column objects for each table)."""
    return [Column("check_id", String(200), nullable=False), Column("severity", String(10), nullable=False),
            Column("duty", String(80), nullable=False), Column("provider", String(20), nullable=False),
            Column("account", String(200), nullable=False), Column("resource_id", Text, nullable=False),
            Column("resource_name", Text, nullable=False)]

# One row per recorded run: when, what it read (scopes: provider/account), what it asked, how it ended.
runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("recorded_at", String(40), nullable=False),      # ISO 8601, UTC: when the report was made
    Column("scopes", JSON, nullable=False),                  # ["aws/123456789012", "gcp/acme-analytics", ...]
    Column("scope_key", String(64), nullable=False),         # digest of the sorted scopes: "the same scopes"
    Column("unread_scopes", JSON, nullable=False),           # scopes with a collection error (findings never fixed)
    Column("checks", JSON, nullable=False),                  # check ids that ran
    Column("scans", JSON, nullable=False),                   # the snapshots' scan metadata
    Column("summary", JSON, nullable=False),
    Column("coverage", JSON),
    Column("exit_code", Integer, nullable=False),
    Column("run_key", String(200), nullable=True),           # shards of one run share it (revision 0002)
    Index("ix_runs_scope_key", "scope_key", "id"),
    Index("ux_runs_run_key", "run_key", unique=True),
)

# Every result of every run (PASS, FAIL, ERROR, waived), keyed by the finding's fingerprint.
results = Table(
    "results", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("fingerprint", String(64), primary_key=True),
    Column("status", String(8), nullable=False),
    Column("waived", Boolean, nullable=False),
    *_identity_columns(),
    Column("region", String(100), nullable=False),
    Column("message", Text, nullable=False),
    Index("ix_results_fingerprint", "fingerprint"),
)

# Per run (or shard of a run: several rows of one key add up), failing unwaived results by duty, provider,
# severity and check: what `history trend` reads (revision 0003)
run_counts = Table(
    "run_counts", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("dimension", String(10), nullable=False),
    Column("key", String(200), nullable=False),
    Column("failing", Integer, nullable=False),
    Index("ix_run_counts_dimension_run", "dimension", "run_id"),
)

# Each finding's life across runs: first seen failing, last seen failing, fixed, reopened.
findings = Table(
    "findings", metadata,
    Column("fingerprint", String(64), primary_key=True),
    *_identity_columns(),
    Column("state", String(8), nullable=False),              # open | fixed
    Column("first_seen", String(40), nullable=False),
    Column("last_seen", String(40), nullable=False),
    Column("fixed_at", String(40)),
    Column("reopened", Integer, nullable=False, default=0),
    Column("waived", Boolean, nullable=False, default=False),
    Column("last_run", Integer, nullable=False),
    Index("ix_findings_state", "state", "first_seen"),
)
