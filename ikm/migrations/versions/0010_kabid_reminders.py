"""The weekly reminder of records due: buttons on an outbox message (one tap to record) and
each person's reminder setting (staf opt in, anyone mutes).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("buttons", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True)
        )
    op.create_table(
        "reminder_setting",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("opted_in", sa.Boolean(), nullable=False),
        sa.Column("muted_until", sa.Date(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id"),
    )


def downgrade() -> None:
    op.drop_table("reminder_setting")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("buttons")
