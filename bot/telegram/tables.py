"""The Telegram channel's own rows: updates already handled."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from survey.tables import utcnow


class TelegramHandledRow(SQLModel, table=True):
    """A Telegram update that was handled: the same update posted again (a webhook retry, a
    second process polling, a restart before the confirmation) is skipped. Only the bot's id,
    the update's id and when it arrived, kept for a day; never who sent it or what it said."""

    __tablename__ = "telegram_handled"
    # One b-tree (the key) on SQLite: a claim is written on every update.
    __table_args__ = {"sqlite_with_rowid": False}

    bot_id: int = Field(
        primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    update_id: int = Field(
        primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    received_at: datetime = Field(default_factory=utcnow)
