"""The WhatsApp channel: handled message ids (retries skipped across restarts) and each number's
last message (the 24-hour window).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 20:46:48.100822
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "whatsapp_contact",
        sa.Column("wa_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("last_inbound_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("wa_id"),
    )
    op.create_table(
        "whatsapp_handled",
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("message_id"),
    )
    with op.batch_alter_table("whatsapp_handled", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_whatsapp_handled_received_at"), ["received_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("whatsapp_handled", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatsapp_handled_received_at"))

    op.drop_table("whatsapp_handled")
    op.drop_table("whatsapp_contact")
