"""The outbox: queue a message once per key; hand due messages to a sender; record the outcome."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from scheduler.tables import OutboxRow
from survey.ports import Clock, UnitOfWork
from survey.tables import utcnow

#: How long a claimed message stays with its sender before another round may take it again (a
#: process killed mid-send): longer than any delivery, its retries and 429 pauses included.
LEASE = timedelta(minutes=10)
#: (id, person, due time) of every message not yet sent or given up, oldest first.
PENDING = (
    select(OutboxRow.id, OutboxRow.person_id, OutboxRow.next_attempt_at)
    .where(col(OutboxRow.sent_at).is_(None), col(OutboxRow.failed_at).is_(None))
    .order_by(col(OutboxRow.id))
)


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

    def caption(self, limit: int) -> str:
        """The body as the caption of its attachment, cut to `limit` characters: a message with
        a picture is one call (never text and picture apart, which a retry could half repeat);
        the jobs queue a chart as its own message with a short caption."""
        return self.body if len(self.body) <= limit else self.body[: limit - 1].rstrip() + "…"


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

    async def claim(self, limit: int = 50) -> list[Queued]:
        """Take due messages, oldest first, and lease them to the caller for `LEASE`.

        Rows are locked as they are taken (PostgreSQL: FOR UPDATE SKIP LOCKED, conditions
        checked again under the lock; SQLite: the write lock every transaction takes up front),
        so two senders never take the same row. A person's message waits while an earlier one
        of theirs is pending: each person gets their messages in order, one at a time.
        """
        now = self.clock()
        async with self.db.transaction() as session:
            heads = _due_heads(await session.exec(PENDING), now, limit)
            if not heads:
                return []
            rows = list(await session.exec(_locked(heads, now)))
            for row in rows:
                row.next_attempt_at = now + LEASE
                session.add(row)
            return [_queued(row) for row in rows]

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
            await session.exec(
                update(OutboxRow).where(col(OutboxRow.id) == message_id).values(values)
            )


def _due_heads(
    pending: Iterable[tuple[int | None, int, datetime]], now: datetime, limit: int
) -> list[int]:
    """The ids of each person's earliest pending message, where it is due (at most `limit`).

    Done here rather than in one SQL statement: PostgreSQL plans a per-person minimum joined
    back to the table as a nested loop while its statistics are stale (right after thousands of
    reminders were queued), seconds per claim."""
    seen: set[int] = set()
    heads: list[int] = []
    for message_id, person_id, due_at in pending:
        if person_id in seen or message_id is None:
            continue
        seen.add(person_id)
        if due_at <= now:
            heads.append(message_id)
            if len(heads) == limit:
                break
    return heads


def _locked(ids: list[int], now: datetime) -> SelectOfScalar[OutboxRow]:
    """The rows `ids`, locked, if still pending and due (another sender may have taken them)."""
    return (
        select(OutboxRow)
        .where(
            col(OutboxRow.id).in_(ids),
            col(OutboxRow.sent_at).is_(None),
            col(OutboxRow.failed_at).is_(None),
            col(OutboxRow.next_attempt_at) <= now,
        )
        .order_by(col(OutboxRow.id))
        .with_for_update(skip_locked=True)
    )


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
