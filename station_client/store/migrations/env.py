"""Alembic environment of the station store; the connection comes from the caller."""

from alembic import context

from station_client.store.schema import station_metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=station_metadata(),
    render_as_batch=True,  # SQLite alters tables by copy
)
with context.begin_transaction():
    context.run_migrations()
