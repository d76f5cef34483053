"""The follow-up plan (tindak lanjut): actions per unsur of a period's results.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 17:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("element", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("bidang", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('rencana', 'berjalan', 'selesai')", name="ck_follow_up_status"
        ),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_follow_up_period_id", "follow_up", ["period_id"])
    op.create_index("ix_follow_up_bidang", "follow_up", ["bidang"])


def downgrade() -> None:
    op.drop_index("ix_follow_up_bidang", table_name="follow_up")
    op.drop_index("ix_follow_up_period_id", table_name="follow_up")
    op.drop_table("follow_up")
