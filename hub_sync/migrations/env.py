"""Alembic environment of the hub database; the connection comes from the caller."""

from alembic import context

from hub_sync.db import hub_metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=hub_metadata(),
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
