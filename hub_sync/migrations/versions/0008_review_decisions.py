"""review_decisions: the decision log of the reviewed matters other than recognitions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import hub_sync.model.base

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_decisions",
        sa.Column("subject_table", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("catalogue_code", sa.String(length=12), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("reviewer_staff_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_org", sa.String(length=12), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_station", sa.String(length=36), nullable=True),
        sa.Column("changed_staff", sa.String(length=36), nullable=True),
        sa.Column("changed_at", hub_sync.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )
    op.create_index(
        op.f("ix_review_decisions_subject_id"), "review_decisions", ["subject_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_review_decisions_subject_id"), table_name="review_decisions")
    op.drop_table("review_decisions")
