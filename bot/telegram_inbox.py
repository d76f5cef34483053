"""Each Telegram update handled once, across restarts and processes.

Telegram resends a webhook update it thinks was lost, and a process killed before its last
getUpdates confirmation fetches the same updates again on restart. Each update is claimed in
the database before it is handled (a primary key of bot id and update id, `INSERT … ON
CONFLICT DO NOTHING`), so a second delivery is skipped, by this process or another. Claims are
kept for a day (Telegram keeps an unconfirmed update for 24 hours), then pruned.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, delete

from bot.telegram_tables import TelegramHandledRow
from survey.ports import Clock, UnitOfWork
from survey.tables import utcnow

#: Telegram keeps an update for 24 hours; a claim a little longer, for clocks that disagree.
RETENTION = timedelta(hours=25)


class TelegramInbox:
    """Claims update ids."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def arrived(self, bot_id: int, update_id: int) -> bool:
        """Claim an incoming update; False when it was claimed before (a second delivery)."""
        now = self.clock()
        claim = (
            _insert(self.db.dialect)(TelegramHandledRow)
            .values(bot_id=bot_id, update_id=update_id, received_at=now)
            .on_conflict_do_nothing()
            .returning(col(TelegramHandledRow.update_id))
        )
        async with self.db.transaction() as session:
            if (await session.exec(claim)).first() is None:
                return False
            expired = col(TelegramHandledRow.received_at) < now - RETENTION
            await session.exec(delete(TelegramHandledRow).where(expired))
        return True


def _insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert
