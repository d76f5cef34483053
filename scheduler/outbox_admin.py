"""The outbox seen and steered by people: messages with their state, a failed one queued again,
and pictures dropped some days after they were delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import and_, or_, update
from sqlmodel import col, func, select

from scheduler.outbox import InFlight
from scheduler.tables import OutboxRow
from survey.ports import Clock, DomainError, UnitOfWork
from survey.tables import PersonRow, utcnow


class Status(StrEnum):
    """Where a message stands, in the words `ikm outbox list` shows."""

    WAITING = "menunggu"
    SENDING = "dikirim"
    SENT = "terkirim"
    FAILED = "gagal"


class NotRequeued(DomainError):
    """The message cannot be queued again (unknown, not failed, picture already dropped)."""


@dataclass(frozen=True)
class Message:
    """One outbox row for people to read: times are UTC, shown by the caller in local time."""

    id: int
    kind: str
    recipient: str
    status: Status
    attempts: int
    last_error: str | None
    created_at: datetime
    #: When it was sent or given up; for a waiting message, when it is next due.
    at: datetime
    #: "telegram", "whatsapp-template"…: how it went out; for a waiting one, how far it got.
    form: str | None
    has_picture: bool


class OutboxAdmin:
    """Reads and repairs for `ikm outbox` and the scheduler's periodic tidying."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def messages(self, *, failed_only: bool = False, limit: int = 50) -> list[Message]:
        """The newest `limit` messages (or failed ones), newest first."""
        query = (
            select(OutboxRow, PersonRow.name)
            .join(PersonRow, col(PersonRow.id) == col(OutboxRow.person_id))
            .order_by(col(OutboxRow.id).desc())
            .limit(limit)
        )
        if failed_only:
            query = query.where(col(OutboxRow.failed_at).is_not(None))
        now = self.clock()
        async with self.db.transaction() as session:
            found = (await session.exec(query)).all()
        return [_message(row, name, now) for row, name in found]

    async def requeue(self, message_id: int) -> Message:
        """Queue a failed message again, due now, with its tries counted afresh."""
        async with self.db.transaction() as session:
            row = await session.get(OutboxRow, message_id)
            if row is None:
                raise NotRequeued(f"tidak ada pesan nomor {message_id} di kotak keluar")
            if row.failed_at is None:
                state = "sudah terkirim" if row.sent_at is not None else "belum gagal"
                raise NotRequeued(f"pesan {message_id} {state}; hanya pesan gagal yang diulang")
            if row.attachment_name is not None and row.attachment is None:
                raise NotRequeued(f"gambar pesan {message_id} sudah dihapus; buat ulang pesannya")
            row.failed_at, row.sent_form, row.attempts = None, None, 0
            row.next_attempt_at = self.clock()
            session.add(row)
            person = await session.get(PersonRow, row.person_id)
            assert person is not None
            return _message(row, person.name, self.clock())

    async def drop_pictures(self, cutoff: datetime) -> int:
        """Drop the picture of every message sent or given up before `cutoff` (its name stays,
        to tell that there was one); returns how many were dropped."""
        done = or_(
            and_(col(OutboxRow.sent_at).is_not(None), col(OutboxRow.sent_at) < cutoff),
            and_(col(OutboxRow.failed_at).is_not(None), col(OutboxRow.failed_at) < cutoff),
        )
        statement = (
            update(OutboxRow)
            .where(col(OutboxRow.attachment).is_not(None), done)
            .values(
                attachment=None,
                attachment_name=func.coalesce(col(OutboxRow.attachment_name), "gambar"),
            )
        )
        async with self.db.transaction() as session:
            result = await session.exec(statement)
            return int(result.rowcount)


def _message(row: OutboxRow, name: str, now: datetime) -> Message:
    assert row.id is not None
    status, at = _status(row, now)
    return Message(
        id=row.id,
        kind=row.kind,
        recipient=name,
        status=status,
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        at=at,
        form=row.sent_form,
        has_picture=row.attachment is not None,
    )


def _status(row: OutboxRow, now: datetime) -> tuple[Status, datetime]:
    if row.failed_at is not None:
        return Status.FAILED, row.failed_at
    if row.sent_at is not None:
        return Status.SENT, row.sent_at
    leased = row.sent_form in (InFlight.SENDING, InFlight.RESENDING)
    if leased and row.next_attempt_at > now:
        return Status.SENDING, row.next_attempt_at
    return Status.WAITING, row.next_attempt_at
