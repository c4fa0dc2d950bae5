"""stations: facilities recorded by the inspector (synced down from the hub)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 23:10:00
"""

import sqlalchemy as sa
from alembic import op

from hub_sync.model import table_of
from station_client.store import capture, schema

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = (
    ("floor_dm2", sa.Integer()),
    ("hall_dm2", sa.Integer()),
    ("archive_dm2", sa.Integer()),
    ("screen_dm2", sa.Integer()),
    ("computers", sa.Integer()),
    ("equipment", sa.String(length=200)),
    ("inspected_on", sa.Date()),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("stations", sa.Column(name, kind, nullable=True))
    # The capture triggers list a table's columns: record the new ones too.
    schema.install_capture(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    dropped = {name for name, _ in COLUMNS}
    # The model (this code's) has the columns: trigger on the table as it was before.
    before = sa.Table(
        "stations",
        sa.MetaData(),
        *(c.copy() for c in table_of("stations").columns if c.name not in dropped),
    )
    for stmt in capture.drop_trigger_sql(before):
        bind.exec_driver_sql(stmt)
    with op.batch_alter_table("stations") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
    for stmt in capture.create_trigger_sql(before):
        bind.exec_driver_sql(stmt)
