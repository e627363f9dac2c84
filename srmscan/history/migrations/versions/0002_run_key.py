"""Runs shared by shards: a run key (given with --run-key or SRMSCAN_RUN_KEY, e.g. the CI job's id) under which
every shard of one sharded run records into the same run.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as table:
        table.add_column(sa.Column("run_key", sa.String(200), nullable=True))
        table.create_index("ux_runs_run_key", ["run_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("runs") as table:
        table.drop_index("ux_runs_run_key")
        table.drop_column("run_key")
