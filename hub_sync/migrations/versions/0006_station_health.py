"""station_health: each station's latest health report (fleet page, station list)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import hub_sync.model.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_health",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("reported_at", hub_sync.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outbox_backlog", sa.Integer(), nullable=False),
        sa.Column("rejected_waiting", sa.Integer(), nullable=False),
        sa.Column("conflicts_waiting", sa.Integer(), nullable=False),
        sa.Column("client_version", sa.String(length=40), nullable=False),
        sa.Column("reference_version", sa.BigInteger(), nullable=True),
        sa.Column("clock_offset_ms", sa.BigInteger(), nullable=False),
        sa.Column("devices", sa.Text(), nullable=False),
        sa.Column("frozen", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_station_health")),
    )


def downgrade() -> None:
    op.drop_table("station_health")
