"""The recording desk: each staff member's chat flow in progress (/pelatihan, /laporan, /rapat)
and their latest save, for undo.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 22:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "record_flow",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("data", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("undo_first", sa.Integer(), nullable=True),
        sa.Column("undo_last", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id"),
    )


def downgrade() -> None:
    op.drop_table("record_flow")
