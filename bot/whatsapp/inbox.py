"""What the WhatsApp channel keeps between messages: which were handled, and who wrote when.

WhatsApp resends a webhook it thinks was lost, for up to seven days. Each message is claimed once
in the database (a primary key, `INSERT … ON CONFLICT DO NOTHING`), so a retried delivery is
skipped even after a restart or by another process. A message id encodes the sender's number, so
only an HMAC of it under the installation's own key is kept, without sender or content, and only
for the retry window; a message older than that window is refused, so it cannot come back once
its claim is pruned. The time each roster person's number last wrote (strangers' numbers are
not kept) decides whether a message may be free-form (within 24 hours) or must be an approved
template.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, delete, select

from bot.whatsapp.tables import InstallationSecretRow, WhatsAppContactRow, WhatsAppHandledRow
from survey.ports import Clock, UnitOfWork
from survey.tables import utcnow

#: WhatsApp retries a webhook for up to seven days; claims are kept that long, a day more for
#: clocks that disagree, and older messages are refused.
RETENTION = timedelta(days=8)
KEY_NAME = "whatsapp-message-id"
#: The customer service window, less a margin for a message already on its way.
WINDOW = timedelta(hours=24) - timedelta(minutes=5)


class WhatsAppInbox:
    """Claims message ids and remembers each number's last message."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock
        self._key: bytes | None = None

    async def arrived(self, message_id: str, sent_at: datetime | None = None) -> bool:
        """Claim an incoming message; False when it was handled before (a retry) or was sent
        longer ago than the retry window."""
        now = self.clock()
        if sent_at is not None and sent_at < now - RETENTION:
            return False
        digest = hmac.new(await self._secret(), message_id.encode(), hashlib.sha256).hexdigest()
        claim = (
            _insert(self.db.dialect)(WhatsAppHandledRow)
            .values(message_id=digest, received_at=now)
            .on_conflict_do_nothing()
            .returning(col(WhatsAppHandledRow.message_id))
        )
        async with self.db.transaction() as session:
            if (await session.exec(claim)).first() is None:
                return False
            expired = col(WhatsAppHandledRow.received_at) < now - RETENTION
            await session.exec(delete(WhatsAppHandledRow).where(expired))
        return True

    async def _secret(self) -> bytes:
        """The installation's key for message ids (made by migration 0007, or here once)."""
        if self._key is None:
            made = (
                _insert(self.db.dialect)(InstallationSecretRow)
                .values(name=KEY_NAME, value=secrets.token_hex(32))
                .on_conflict_do_nothing()
            )
            query = select(InstallationSecretRow.value).where(
                InstallationSecretRow.name == KEY_NAME
            )
            async with self.db.transaction() as session:
                await session.exec(made)
                self._key = bytes.fromhex((await session.exec(query)).one())
        return self._key

    async def wrote(self, wa_id: str, sent_at: datetime) -> None:
        """A roster person's number wrote at `sent_at` (a clock ahead of ours counts as now)."""
        statement = _touch(_insert(self.db.dialect), wa_id, min(sent_at, self.clock()))
        async with self.db.transaction() as session:
            await session.exec(statement)

    async def last_inbound(self, wa_id: str) -> datetime | None:
        """When this number last wrote to us, if ever."""
        async with self.db.transaction() as session:
            query = select(WhatsAppContactRow.last_inbound_at).where(
                WhatsAppContactRow.wa_id == wa_id
            )
            return (await session.exec(query)).first()

    async def in_window(self, wa_id: str) -> bool:
        """Whether a free-form message may go to this number now."""
        last = await self.last_inbound(wa_id)
        return last is not None and self.clock() - last < WINDOW


def _insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _touch(insert: Any, wa_id: str, at: datetime) -> Any:
    """Upsert the number's last message time, never moving it back (retries come late)."""
    table = WhatsAppContactRow.__table__  # type: ignore[attr-defined]
    statement = insert(WhatsAppContactRow).values(wa_id=wa_id, last_inbound_at=at)
    new, old = statement.excluded.last_inbound_at, table.c.last_inbound_at
    later = case((new > old, new), else_=old)
    return statement.on_conflict_do_update(
        index_elements=[table.c.wa_id], set_={"last_inbound_at": later}
    )
