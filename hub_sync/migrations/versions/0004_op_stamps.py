"""op stamps: the station's and the hub's hybrid logical clock stamps of each applied op

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applied_ops") as batch:
        batch.add_column(sa.Column("hlc", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("hub_hlc", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applied_ops") as batch:
        batch.drop_column("hub_hlc")
        batch.drop_column("hlc")
