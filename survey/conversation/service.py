"""The survey service: one event of one member, one transaction, progress kept as a row."""

from __future__ import annotations

from datetime import date, tzinfo
from functools import partial

from sqlalchemy import Connection

from survey.conversation.engine import Stage, advance, current_screen
from survey.conversation.events import Event, Start
from survey.conversation.screens import Note, Notice, Reply
from survey.conversation.store import AlreadyDone, Progress, Who, load, save
from survey.dates import format_date
from survey.people.model import Role
from survey.periods.pool import ResponsePool
from survey.ports import Clock, Once, UnitOfWork
from survey.tables import utcnow
from survey.zone import WITA, local_date


class SurveyService:
    """Feeds a member's events to the engine and stores the outcome before anything is shown."""

    def __init__(
        self, db: UnitOfWork, pool: ResponsePool, clock: Clock = utcnow, zone: tzinfo = WITA
    ) -> None:
        self.db = db
        self.pool = pool
        self.clock = clock
        self.zone = zone

    def today(self) -> date:
        """Today's date in WITA: a period takes answers from its first day to its last."""
        return local_date(self.clock(), self.zone)

    async def handle(self, person_id: int, event: Event) -> list[Reply]:
        """Apply `event` for the member; every change is committed before the replies return."""
        replies = await self._step(person_id, event)
        return [Notice(Note.NOT_A_MEMBER)] if replies is None else replies

    async def handle_account(
        self, channel: str, external_id: str, event: Event, *, once: Once | None = None
    ) -> list[Reply] | None:
        """`handle` for the account's person, found in the same transaction (None: nobody);
        with `once`, the channel's claim of this input is made in that transaction too, and a
        second delivery gets no replies and changes nothing."""
        return await self._step((channel, external_id), event, once)

    async def resume(self, person_id: int) -> list[Reply]:
        """The screen a member left off at, or nothing when no survey is in progress."""
        return await self.db.run(partial(_resume, self.db, person_id, self.today()))

    async def start(self, person_id: int) -> list[Reply]:
        """Begin or resume the survey."""
        return await self.handle(person_id, Start())

    async def _step(self, who: Who, event: Event, once: Once | None = None) -> list[Reply] | None:
        try:
            replies, ready = await self.db.run(partial(self._apply, who, event, once))
        except AlreadyDone:  # raised inside the transaction, which rolled back
            return [Notice(Note.ALREADY_SUBMITTED)]
        if ready:  # committed and sealed, and the pool holds a batch: release it on its own
            await self.pool.release()
        return replies

    def _apply(
        self, who: Who, event: Event, once: Once | None, conn: Connection
    ) -> tuple[list[Reply] | None, bool]:
        if once is not None and not once(conn):
            return [], False  # delivered again: handled the first time
        progress = load(self.db, conn, who)
        if progress is None or not progress.active:
            return None, False
        refusal = _refusal(progress, self.today())
        if refusal is not None:
            return [refusal], False
        assert progress.questionnaire is not None
        state, replies = advance(progress.questionnaire, progress.state, event)
        save(self.db, conn, progress, state, self.clock())
        submitted = state.stage is Stage.SUBMITTED and progress.state != state
        # This submit makes the pool one larger. On SQLite the count read at the start is exact
        # (BEGIN IMMEDIATE runs steps one after the other); on PostgreSQL a submit racing in
        # another member's transaction may be missed, which only delays that release to the
        # next submit, the scheduler's sweep or the period's close.
        return replies, submitted and progress.sealed + 1 >= self.pool.minimum


def _refusal(progress: Progress, today: date) -> Notice | None:
    if progress.role != Role.ANGGOTA:
        return Notice(Note.NOT_A_MEMBER)
    if progress.period_id is None or progress.questionnaire is None:
        return Notice(Note.NO_OPEN_PERIOD)
    if progress.starts_on is not None and today < progress.starts_on:
        return Notice(Note.PERIOD_NOT_BEGUN, format_date(progress.starts_on))
    if progress.ends_on is not None and today > progress.ends_on:
        return Notice(Note.PERIOD_ENDED, format_date(progress.ends_on))
    if progress.submitted:
        return Notice(Note.ALREADY_SUBMITTED)
    return None


def _resume(db: UnitOfWork, person_id: int, today: date, conn: Connection) -> list[Reply]:
    progress = load(db, conn, person_id)
    if progress is None or not progress.active or _refusal(progress, today) is not None:
        return []
    if progress.state.stage is Stage.NEW:
        return []
    assert progress.questionnaire is not None
    return [Notice(Note.RESUMED), current_screen(progress.questionnaire, progress.state)]
