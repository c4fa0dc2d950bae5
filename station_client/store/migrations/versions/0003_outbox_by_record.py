"""outbox: found by record (pushing a long outbox was quadratic without it)

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_record", "outbox", ["record_id", "table_name"])


def downgrade() -> None:
    op.drop_index("ix_outbox_record", table_name="outbox")
