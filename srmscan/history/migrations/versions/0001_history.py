"""The first history schema: runs, results, findings (written out, so later revisions build on exactly this).

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("scopes", sa.JSON, nullable=False),
        sa.Column("scope_key", sa.String(64), nullable=False),
        sa.Column("unread_scopes", sa.JSON, nullable=False),
        sa.Column("checks", sa.JSON, nullable=False),
        sa.Column("scans", sa.JSON, nullable=False),
        sa.Column("summary", sa.JSON, nullable=False),
        sa.Column("coverage", sa.JSON),
        sa.Column("exit_code", sa.Integer, nullable=False))
    op.create_index("ix_runs_scope_key", "runs", ["scope_key", "id"])
    op.create_table(
        "results",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("waived", sa.Boolean, nullable=False),
        sa.Column("check_id", sa.String(200), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("duty", sa.String(80), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("resource_id", sa.Text, nullable=False),
        sa.Column("resource_name", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False))
    op.create_index("ix_results_fingerprint", "results", ["fingerprint"])
    op.create_table(
        "findings",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("check_id", sa.String(200), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("duty", sa.String(80), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("resource_id", sa.Text, nullable=False),
        sa.Column("resource_name", sa.Text, nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("first_seen", sa.String(40), nullable=False),
        sa.Column("last_seen", sa.String(40), nullable=False),
        sa.Column("fixed_at", sa.String(40)),
        sa.Column("reopened", sa.Integer, nullable=False),
        sa.Column("waived", sa.Boolean, nullable=False),
        sa.Column("last_run", sa.Integer, nullable=False))
    op.create_index("ix_findings_state", "findings", ["state", "first_seen"])


def downgrade() -> None:
    op.drop_table("findings")
    op.drop_table("results")
    op.drop_table("runs")
