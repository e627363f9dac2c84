"""Per-run failing counts by duty, provider, severity and check, written with each run, so `history trend` reads a
few hundred rows per run instead of every result (100 runs of 100,000 results: 10 M rows). Existing runs are
counted from their results.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DIMENSIONS = {"duty": "duty", "provider": "provider", "severity": "severity", "check": "check_id"}


def upgrade() -> None:
    counts = op.create_table(
        "run_counts",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("dimension", sa.String(10), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("failing", sa.Integer, nullable=False))
    op.create_index("ix_run_counts_dimension_run", "run_counts", ["dimension", "run_id"])
    results = sa.table("results", sa.column("run_id"), sa.column("status"), sa.column("waived"),
                       *(sa.column(c) for c in DIMENSIONS.values()))
    for dimension, column in DIMENSIONS.items():
        key = results.c[column]
        op.get_bind().execute(counts.insert().from_select(
            ["run_id", "dimension", "key", "failing"],
            sa.select(results.c.run_id, sa.literal(dimension), key, sa.func.count())
            .where(results.c.status == "FAIL", results.c.waived == sa.false())
            .group_by(results.c.run_id, key)))


def downgrade() -> None:
    op.drop_table("run_counts")
