"""The outbox: queue a message once per key; hand due messages to a sender; record the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from scheduler.tables import OutboxRow
from survey.ports import Clock, UnitOfWork
from survey.tables import utcnow


@dataclass(frozen=True)
class Queued:
    """A message waiting for delivery."""

    id: int
    key: str
    person_id: int
    kind: str
    body: str
    attachment: bytes | None
    attachment_name: str | None
    attempts: int


class Outbox:
    """Rows in, deliveries out; the unique key turns a second enqueue of a message into a no-op."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def enqueue(
        self,
        key: str,
        person_id: int,
        kind: str,
        body: str,
        *,
        attachment: bytes | None = None,
        attachment_name: str | None = None,
    ) -> bool:
        """Queue a message; False when a message with this key was queued before."""
        row = OutboxRow(
            key=key,
            person_id=person_id,
            kind=kind,
            body=body,
            attachment=attachment,
            attachment_name=attachment_name,
            next_attempt_at=self.clock(),
        )
        try:
            async with self.db.transaction() as session:
                if (await session.exec(select(OutboxRow.id).where(OutboxRow.key == key))).first():
                    return False
                session.add(row)
        except IntegrityError:  # a racing process queued the same key first
            return False
        return True

    async def due(self, limit: int = 50) -> list[Queued]:
        """Messages whose time has come, oldest first."""
        async with self.db.transaction() as session:
            query = (
                select(OutboxRow)
                .where(
                    col(OutboxRow.sent_at).is_(None),
                    col(OutboxRow.failed_at).is_(None),
                    col(OutboxRow.next_attempt_at) <= self.clock(),
                )
                .order_by(col(OutboxRow.id))
                .limit(limit)
            )
            return [_queued(r) for r in await session.exec(query)]

    async def sent(self, message_id: int, form: str) -> None:
        """Delivered: never again."""
        await self._update(message_id, sent_at=self.clock(), sent_form=form)

    async def retry(self, message_id: int, error: str, after: timedelta) -> None:
        """Not delivered this time; try again after `after`."""
        async with self.db.transaction() as session:
            row = await session.get(OutboxRow, message_id)
            if row is not None:
                row.attempts += 1
                row.last_error = error[:500]
                row.next_attempt_at = self.clock() + after
                session.add(row)

    async def failed(self, message_id: int, error: str) -> None:
        """Cannot be delivered (blocked, no account): recorded, not retried."""
        await self._update(message_id, failed_at=self.clock(), last_error=error[:500])

    async def _update(self, message_id: int, **values: object) -> None:
        async with self.db.transaction() as session:
            row = await session.get(OutboxRow, message_id)
            if row is not None:
                for name, value in values.items():
                    setattr(row, name, value)
                session.add(row)


def _queued(row: OutboxRow) -> Queued:
    assert row.id is not None
    return Queued(
        id=row.id,
        key=row.key,
        person_id=row.person_id,
        kind=row.kind,
        body=row.body,
        attachment=row.attachment,
        attachment_name=row.attachment_name,
        attempts=row.attempts,
    )
