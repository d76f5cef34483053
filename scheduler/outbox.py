"""The outbox: queue a message once per key; hand due messages to a sender; record the outcome."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

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


class InFlight(StrEnum):
    """What `sent_form` says of a message not yet sent: whether an earlier send of it may have
    arrived. A claim marks it SENDING; finding it still so at the next claim (the lease ran out)
    means its process died inside the send, so the message may have arrived: it is sent once
    more as RESENDING, and if that send's outcome is unknown too, it is failed, not sent a third
    time. A timeout (the API did not answer) counts the same. So a message is delivered once,
    or at most twice when a send's outcome is unknown — never three times."""

    SENDING = "mengirim"
    MAYBE_SENT = "mungkin-terkirim"
    RESENDING = "mengirim-lagi"


class MessageKind(StrEnum):
    """What a queued message is (the `kind` column): the jobs queue under these, and a channel
    may choose a form by them (WhatsApp's templates outside its 24-hour window)."""

    REMINDER = "pengingat"  # a member's survey reminder (scheduler.jobs)
    PERIOD_CLOSED = "periode-ditutup"  # the Sekretaris' notice of a closed period
    RECAP = "rekap"  # a kabid's or the Sekretaris' monthly recap
    RECAP_CHART = "rekap-grafik"  # the chart after a recap, a photo of its own
    RECORDS_DUE = "pengingat-kabid"  # the weekly reminder of records due (scheduler.weekly)


#: The last error of a message given up after two sends with unknown outcome.
UNSURE_TWICE = (
    "dua kali terputus saat dikirim; mungkin sudah sampai, jadi tidak dikirim lagi "
    "(periksa dengan penerima; kirim ulang dengan `ikm outbox ulang NOMOR`)"
)


#: `sent_form` of a message not sent because nothing was left to say by its send.
DROPPED = "tidak-perlu"
Buttons = tuple[tuple[str, str], ...]


def buttons_json(buttons: Buttons) -> str | None:
    """The buttons column: a JSON list of [label, action], or NULL without buttons."""
    return json.dumps([list(b) for b in buttons], ensure_ascii=False) if buttons else None


def buttons_of(text: str | None) -> Buttons:
    """The buttons of a row's column."""
    return tuple((str(label), str(action)) for label, action in json.loads(text or "[]"))


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
    #: (label, action) of each button under the text.
    buttons: tuple[tuple[str, str], ...] = ()

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
        buttons: Buttons = (),
    ) -> bool:
        """Queue a message; False when a message with this key was queued before."""
        row = OutboxRow(
            key=key,
            person_id=person_id,
            kind=kind,
            body=body,
            attachment=attachment,
            attachment_name=attachment_name,
            buttons=buttons_json(buttons),
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
            taken = []
            for row in await session.exec(_locked(heads, now)):
                if row.sent_form == InFlight.RESENDING:  # the resend was cut off as well
                    row.failed_at, row.last_error, row.sent_form = now, UNSURE_TWICE, None
                else:
                    row.sent_form = _claimed(row.sent_form)
                    row.next_attempt_at = now + LEASE
                    taken.append(row)
                session.add(row)
            return [_queued(row) for row in taken]

    async def sent(self, message_id: int, form: str) -> None:
        """Delivered: never again."""
        await self._update(message_id, sent_at=self.clock(), sent_form=form)

    async def retry(
        self, message_id: int, error: str, after: timedelta, *, unsure: bool = False
    ) -> None:
        """Not delivered this time (`unsure`: perhaps it was, the API did not answer); try
        again after `after` — unless an earlier send was unsure too (see InFlight)."""
        async with self.db.transaction() as session:
            row = await session.get(OutboxRow, message_id)
            if row is None:
                return
            row.attempts += 1
            row.last_error = error[:500]
            if unsure and row.sent_form == InFlight.RESENDING:
                row.failed_at, row.sent_form = self.clock(), None
                row.last_error = f"{UNSURE_TWICE}: {error}"[:500]
            else:
                maybe = unsure or row.sent_form == InFlight.RESENDING
                row.sent_form = InFlight.MAYBE_SENT if maybe else None
                row.next_attempt_at = self.clock() + after
            session.add(row)

    async def rewritten(self, message_id: int, body: str, buttons: Buttons) -> None:
        """The message was brought up to date just before its send (what is said is kept)."""
        await self._update(message_id, body=body, buttons=buttons_json(buttons))

    async def dropped(self, message_id: int) -> None:
        """Nothing is left to say (every item was settled before the send): done, unsent."""
        await self._update(message_id, sent_at=self.clock(), sent_form=DROPPED)

    async def failed(self, message_id: int, error: str) -> None:
        """Cannot be delivered (blocked, no account): recorded, not retried."""
        values = {"failed_at": self.clock(), "last_error": error[:500], "sent_form": None}
        await self._update(message_id, **values)

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


def _claimed(form: str | None) -> InFlight:
    """The mark of a claimed message: a first send, or the one resend of a message whose
    earlier send may have arrived (it was cut off, or timed out)."""
    earlier = form in (InFlight.SENDING, InFlight.MAYBE_SENT)
    return InFlight.RESENDING if earlier else InFlight.SENDING


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
        buttons=buttons_of(row.buttons),
    )
