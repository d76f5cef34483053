"""The recording flows by chat: one event of one staff member, one transaction, state as a row.

/pelatihan, /laporan, /rapat and /tindaklanjut walk a person through choosing and typing,
confirm, then save through the records' `Recorder` (the same rules and audit log as
`RecordService`). In one transaction the service locks the person's `record_flow` row, reads
its state (survey/records/flow/state.py) and the facts the step needs
(survey/records/flow/reads.py), calls the pure `advance` (survey/records/flow/machine.py, with
its diagram), carries out its commands and writes the new state back; so a restart resumes
where the person left off. The last save (for undo) lives in the same row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.people.model import Person
from survey.ports import Clock, DomainError, UnitOfWork
from survey.records.audit import actor_label, check_recorder
from survey.records.flow.actions import UndoPress, UnknownFlowAction, decode
from survey.records.flow.machine import (
    Begin,
    BeginOn,
    Cancel,
    FlowEvent,
    Pressed,
    Resume,
    Transition,
    Typed,
    advance,
)
from survey.records.flow.model import FlowKind, FlowNote, FlowNotice, FlowReply
from survey.records.flow.reads import read_facts
from survey.records.flow.save import save, undo_save
from survey.records.flow.state import BrokenFlow, Idle, State, dump, load
from survey.records.flow.tables import RecordFlowRow
from survey.records.model import RACED, NotARecorder
from survey.records.ops import Recorder
from survey.tables import utcnow
from survey.zone import WITA, local_date


@dataclass(frozen=True)
class Desk:
    """One event's transaction: who records, now, and their local today."""

    session: AsyncSession
    person: Person
    now: datetime
    today: date


Work = Callable[[Desk, RecordFlowRow], Awaitable[list[FlowReply]]]


class RecordFlowService:
    """Feeds a recorder's commands, buttons and typed lines to their flow."""

    def __init__(
        self,
        db: UnitOfWork,
        clock: Clock = utcnow,
        *,
        zone: tzinfo = WITA,
        min_responses: int = 3,
    ) -> None:
        self.db = db
        self.clock = clock
        self.zone = zone
        self.min_responses = min_responses

    async def active(self, person_id: int) -> bool:
        """Whether the person has a flow in progress (one indexed read)."""
        async with self.db.transaction() as session:
            query = select(RecordFlowRow.kind).where(RecordFlowRow.person_id == person_id)
            return (await session.exec(query)).first() is not None

    async def start(self, person: Person, kind: FlowKind) -> list[FlowReply]:
        """Begin a flow of `kind`, or resume the one of that kind in progress."""
        return await self._step(person, Begin(kind))

    async def start_on(self, person: Person, kind: FlowKind, record_id: int) -> list[FlowReply]:
        """Begin a flow of `kind` with one record already chosen (a reminder's button); a
        record made meanwhile, by anyone, is said so and nothing changes."""
        return await self._step(person, BeginOn(kind, record_id))

    async def resume(self, person: Person) -> list[FlowReply]:
        """The flow in progress with a note that it continues; nothing when there is none."""
        if not await self.active(person.id):
            return []
        return await self._step(person, Resume())

    async def press(self, person: Person, action: str) -> list[FlowReply]:
        """A flow button; a stale, repeated or forged one changes nothing."""
        try:
            pressed = decode(action)
        except UnknownFlowAction:
            return [FlowNotice(FlowNote.UNKNOWN)]
        if isinstance(pressed, UndoPress):
            first, last = pressed.first, pressed.last

            async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
                return await self._undo(desk, row, first, last)

            return await self._run(person, work)
        return await self._step(person, Pressed(pressed))

    async def typed(self, person: Person, text: str) -> list[FlowReply]:
        """A typed line for the step in progress."""
        return await self._step(person, Typed(text))

    async def cancel(self, person: Person) -> list[FlowReply]:
        """Leave the flow in progress; nothing when there is none."""
        return await self._step(person, Cancel())

    async def undo_latest(self, person: Person) -> list[FlowReply]:
        """Undo the person's latest save by chat (within a day)."""

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            if row.undo_first is None or row.undo_last is None:
                return [FlowNotice(FlowNote.NOTHING_TO_UNDO)]
            return await self._undo(desk, row, row.undo_first, row.undo_last)

        return await self._run(person, work)

    async def _step(self, person: Person, event: FlowEvent) -> list[FlowReply]:
        """Read the state and the facts, advance, carry out the commands, store the state."""

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            try:
                state: State = load(row.kind, row.step, row.version, row.data)
                broken: list[FlowReply] = []
            except BrokenFlow:  # an old or corrupted row: a fresh start, said so
                state, broken = Idle(version=row.version + 1), [FlowNotice(FlowNote.BROKEN)]
            facts = await read_facts(
                desk.session,
                desk.person,
                desk.today,
                self.zone,
                state,
                event,
                min_responses=self.min_responses,
            )
            moved = advance(state, event, facts)
            replies = [*broken, *moved.replies, *await self._carry_out(desk, row, moved)]
            _store(row, moved.state)
            return replies

        return await self._run(person, work)

    async def _carry_out(
        self, desk: Desk, row: RecordFlowRow, moved: Transition
    ) -> list[FlowReply]:
        """The transition's commands: each save writes its record and becomes the undoable."""
        replies: list[FlowReply] = []
        for command in moved.commands:
            saved, ids = await save(self._recorder(desk), command, desk.person.name)
            row.undo_first, row.undo_last = ids or (None, None)
            replies.append(saved)
        return replies

    async def _undo(
        self, desk: Desk, row: RecordFlowRow, first: int, last: int
    ) -> list[FlowReply]:
        count = await undo_save(desk.session, self._recorder(desk), first, last)
        if row.undo_first == first:
            row.undo_first = row.undo_last = None
        return [FlowNotice(FlowNote.UNDONE, str(count))]

    def _recorder(self, desk: Desk) -> Recorder:
        label = actor_label(desk.person)
        return Recorder(desk.session, actor=label, now=desk.now, zone=self.zone)

    async def _run(self, person: Person, work: Work) -> list[FlowReply]:
        try:
            async with self.db.transaction() as session:
                await check_recorder(session, person)
                row = await _locked_row(session, person.id)
                now = self.clock()
                desk = Desk(session, person, now, local_date(now, self.zone))
                replies = await work(desk, row)
                row.updated_at = now
                session.add(row)
                return replies
        except IntegrityError:  # a racing call wrote first (PostgreSQL)
            return [FlowNotice(FlowNote.REFUSED, RACED)]
        except NotARecorder:
            return [FlowNotice(FlowNote.NOT_ALLOWED)]
        except DomainError as exc:
            refused = FlowNotice(FlowNote.REFUSED, str(exc))
            return [refused, *await self._step(person, Resume(quiet=True))]


async def _locked_row(session: AsyncSession, person_id: int) -> RecordFlowRow:
    """The person's flow row, locked (PostgreSQL) so their events run one after the other."""
    query = select(RecordFlowRow).where(RecordFlowRow.person_id == person_id).with_for_update()
    row = (await session.exec(query)).first()
    if row is None:
        row = RecordFlowRow(person_id=person_id)
        session.add(row)
        await session.flush()
    return row


def _store(row: RecordFlowRow, state: State) -> None:
    """Write `state` into the row's columns (through the one codec)."""
    stored = dump(state)
    row.kind, row.step, row.version, row.data = (
        stored.kind,
        stored.step,
        stored.version,
        stored.data,
    )
