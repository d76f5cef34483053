"""Telegram update claims in one b-tree: every update writes one, so it should cost one page.

`telegram_handled` was a rowid table with its primary key and a `received_at` index beside it:
three b-trees touched by the claim each update makes (bot/telegram/inbox.py). On SQLite it is
rebuilt WITHOUT ROWID, its rows kept; on both databases the `received_at` index goes, since the
prune that used it runs once every 256 updates over a day's claims at most.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "bot_id, update_id, received_at"


def upgrade() -> None:
    op.drop_index("ix_telegram_handled_received_at", table_name="telegram_handled")
    if op.get_bind().dialect.name != "sqlite":
        return
    _table("telegram_handled_new", with_rowid=False)
    op.execute(
        f"INSERT INTO telegram_handled_new ({COLUMNS}) SELECT {COLUMNS} FROM telegram_handled"
    )
    op.drop_table("telegram_handled")
    op.rename_table("telegram_handled_new", "telegram_handled")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _table("telegram_handled_old", with_rowid=True)
        op.execute(
            f"INSERT INTO telegram_handled_old ({COLUMNS}) SELECT {COLUMNS} FROM telegram_handled"
        )
        op.drop_table("telegram_handled")
        op.rename_table("telegram_handled_old", "telegram_handled")
    op.create_index("ix_telegram_handled_received_at", "telegram_handled", ["received_at"])


def _table(name: str, *, with_rowid: bool) -> None:
    op.create_table(
        name,
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("bot_id", "update_id"),
        sqlite_with_rowid=with_rowid,
    )
