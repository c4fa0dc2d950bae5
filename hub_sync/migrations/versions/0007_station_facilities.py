"""stations: facilities recorded by the inspector (areas in dm², screen, computers, equipment)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 23:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
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
    with op.batch_alter_table("stations") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("stations") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
