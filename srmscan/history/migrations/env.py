"""Alembic's environment for the history: run on the connection srmscan.history.store hands it."""

from alembic import context

from srmscan.history.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
