"""Each Telegram update handled once, across restarts and processes.

Telegram resends a webhook update it thinks was lost, and a process killed before its last
getUpdates confirmation fetches the same updates again on restart. Each update is claimed in
the database before it is handled (a primary key of bot id and update id, `INSERT … ON
CONFLICT DO NOTHING`), so a second delivery is skipped, by this process or another. Claims are
kept for a day (Telegram keeps an unconfirmed update for 24 hours), then pruned.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Connection, bindparam
from sqlalchemy.dialects import postgresql, sqlite

from bot.telegram.tables import TelegramHandledRow
from survey.ports import Clock, Once, UnitOfWork
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
        return await self.db.run(self.once(bot_id, update_id))

    def once(self, bot_id: int, update_id: int) -> Once:
        """The same claim, made inside another unit of work's transaction (a survey button's
        step): the claim and the step commit, or roll back, together."""
        return partial(_claim, self.db, self.clock(), bot_id, update_id)


#: A claim in another transaction prunes the old ones now and then, not every time.
PRUNE_EVERY = 256


def _claim(db: UnitOfWork, now: datetime, bot_id: int, update_id: int, conn: Connection) -> bool:
    row = {"bot_id": bot_id, "update_id": update_id, "received_at": now}
    if db.first(conn, _CLAIMS[conn.dialect.name], row) is None:
        return False
    if update_id % PRUNE_EVERY == 0:
        conn.execute(_TABLE.delete().where(_TABLE.c.received_at < now - RETENTION))
    return True


_TABLE = TelegramHandledRow.__table__  # type: ignore[attr-defined]


def _claim_statement(insert: Any) -> Any:
    return (
        insert(_TABLE)
        .values(
            bot_id=bindparam("bot_id"),
            update_id=bindparam("update_id"),
            received_at=bindparam("received_at"),
        )
        .on_conflict_do_nothing()
        .returning(_TABLE.c.update_id)
    )


#: The claim per dialect, built once: it runs on every update (a survey button's hot path), and
#: the database prepares a statement once per statement object.
_CLAIMS = {
    "sqlite": _claim_statement(sqlite.insert),
    "postgresql": _claim_statement(postgresql.insert),
}
