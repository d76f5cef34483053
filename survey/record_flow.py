"""The recording flows by chat: one event of one staff member, one transaction, state as a row.

/pelatihan, /laporan and /rapat walk a person through choosing and typing, confirm, then save
through the records' `Recorder` (the same rules and audit log as `RecordService`). The flow and
the last save (for undo) live in `record_flow`, so a restart resumes where the person left off.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import tzinfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey import record_flow_steps as steps
from survey.due_records import settled
from survey.follow_up import flow as follow_up
from survey.indicator_ranges import local_date
from survey.people import Person
from survey.ports import Clock, DomainError, UnitOfWork
from survey.record_flow_actions import Press, UndoPress, UnknownFlowAction, decode
from survey.record_flow_buttons import press
from survey.record_flow_model import (
    IDEMPOTENT,
    LEADER_FLOWS,
    TYPED_STEPS,
    FlowKind,
    FlowNote,
    FlowNotice,
    FlowReply,
    FlowState,
    Step,
    Verb,
)
from survey.record_flow_save import save, undo_save
from survey.record_flow_screens import open_tasks, screen
from survey.record_flow_steps import Desk
from survey.record_flow_tables import RecordFlowRow
from survey.records_audit import actor_label, check_recorder
from survey.records_model import NOT_ALLOWED, RACED
from survey.records_ops import Recorder
from survey.tables import utcnow
from survey.zone import WITA

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

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            state = _state(row)
            if state is not None and state.kind is kind:
                return [FlowNotice(FlowNote.RESUMED), await screen(desk, state)]
            notes = [] if state is None else [FlowNotice(FlowNote.REPLACED, state.kind.value)]
            if kind in LEADER_FLOWS and desk.person.role not in follow_up.LEADERS:
                return [FlowNotice(FlowNote.ONLY_LEADERS)]
            if kind is FlowKind.REPORT and not await open_tasks(desk):
                _clear(row)
                return [*notes, FlowNotice(FlowNote.NOTHING_TO_RECORD)]
            begun = steps.begin(kind, row.version)
            if kind is FlowKind.FOLLOW_UP:
                begun = await follow_up.begun(desk, begun)
            return [*notes, await _show(desk, row, begun)]

        return await self._run(person, work)

    async def start_on(self, person: Person, kind: FlowKind, record_id: int) -> list[FlowReply]:
        """Begin a flow of `kind` with one record already chosen (a reminder's button); a
        record made meanwhile, by anyone, is said so and nothing changes."""

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            name = await settled(desk.session, kind, record_id)
            if name is not None:
                return [FlowNotice(FlowNote.SETTLED, name)]
            if kind in LEADER_FLOWS and desk.person.role not in follow_up.LEADERS:
                return [FlowNotice(FlowNote.ONLY_LEADERS)]
            state = _state(row)
            notes = [] if state is None else [FlowNotice(FlowNote.REPLACED, state.kind.value)]
            begun = steps.begin(kind, row.version)
            if kind is FlowKind.FOLLOW_UP:  # bound to that action's period, whichever it is
                begun = await follow_up.begun_for(desk, begun, record_id)
            chosen = await press(desk, begun, Press(begun.version, Verb.CHOOSE, record_id))
            if isinstance(chosen, FlowNotice):
                return [*notes, chosen]
            return [*notes, await _show(desk, row, chosen)]

        return await self._run(person, work)

    async def resume(self, person: Person) -> list[FlowReply]:
        """The flow in progress with a note that it continues; nothing when there is none."""
        if not await self.active(person.id):
            return []

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            if (state := _state(row)) is None:
                return []
            return [FlowNotice(FlowNote.RESUMED), await screen(desk, state)]

        return await self._run(person, work)

    async def press(self, person: Person, action: str) -> list[FlowReply]:
        """A flow button; a stale, repeated or forged one changes nothing."""
        try:
            pressed = decode(action)
        except UnknownFlowAction:
            return [FlowNotice(FlowNote.UNKNOWN)]

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            if isinstance(pressed, UndoPress):
                return await _undo(desk, row, pressed.first, pressed.last)
            return await _press(desk, row, pressed)

        return await self._run(person, work)

    async def typed(self, person: Person, text: str) -> list[FlowReply]:
        """A typed line for the step in progress."""

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            state = _state(row)
            if state is None:
                return [FlowNotice(FlowNote.NO_FLOW)]
            if state.step not in TYPED_STEPS:
                return [FlowNotice(FlowNote.USE_BUTTONS), await screen(desk, state)]
            if state.kind is FlowKind.FOLLOW_UP:
                return await _outcome(desk, row, follow_up.typed(desk, state, text))
            return await _outcome(desk, row, await steps.typed(desk, state, text))

        return await self._run(person, work)

    async def cancel(self, person: Person) -> list[FlowReply]:
        """Leave the flow in progress; nothing when there is none."""

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            if row.kind is None:
                return []
            _clear(row)
            return [FlowNotice(FlowNote.CANCELLED)]

        return await self._run(person, work)

    async def undo_latest(self, person: Person) -> list[FlowReply]:
        """Undo the person's latest save by chat (within a day)."""

        async def work(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
            if row.undo_first is None or row.undo_last is None:
                return [FlowNotice(FlowNote.NOTHING_TO_UNDO)]
            return await _undo(desk, row, row.undo_first, row.undo_last)

        return await self._run(person, work)

    async def _run(self, person: Person, work: Work) -> list[FlowReply]:
        try:
            async with self.db.transaction() as session:
                await check_recorder(session, person)
                row = await _locked_row(session, person.id)
                now = self.clock()
                today = local_date(now, self.zone)
                desk = Desk(session, person, now, today, self.zone, self.min_responses)
                replies = await work(desk, row)
                row.updated_at = now
                session.add(row)
                return replies
        except IntegrityError:  # a racing call wrote first (PostgreSQL)
            return [FlowNotice(FlowNote.REFUSED, RACED)]
        except DomainError as exc:
            if str(exc) == NOT_ALLOWED:
                return [FlowNotice(FlowNote.NOT_ALLOWED)]
            refused = FlowNotice(FlowNote.REFUSED, str(exc))
            return [refused, *await self._run(person, _current_screen)]


async def _current_screen(desk: Desk, row: RecordFlowRow) -> list[FlowReply]:
    """The screen of the flow in progress again (after a refusal changed nothing)."""
    state = _state(row)
    return [] if state is None else [await screen(desk, state)]


async def _press(desk: Desk, row: RecordFlowRow, pressed: Press) -> list[FlowReply]:
    state = _state(row)
    if state is None:
        note = FlowNote.ALREADY_SAVED if pressed.verb is Verb.SAVE else FlowNote.NO_FLOW
        return [FlowNotice(note)]
    if not _current(state, pressed):
        return [FlowNotice(FlowNote.STALE), await screen(desk, state)]
    if pressed.verb is Verb.CANCEL:
        _clear(row)
        return [FlowNotice(FlowNote.CANCELLED)]
    if pressed.verb is Verb.SAVE and state.step is Step.CONFIRM:
        recorder = _recorder(desk)
        saved, ids = await save(recorder, state, desk)
        _clear(row)
        row.undo_first, row.undo_last = ids or (None, None)
        return [saved]
    return await _outcome(desk, row, await press(desk, state, pressed))


async def _outcome(desk: Desk, row: RecordFlowRow, outcome: steps.Outcome) -> list[FlowReply]:
    if isinstance(outcome, FlowState):
        return [await _show(desk, row, outcome)]
    state = _state(row)
    if outcome.note is FlowNote.STALE and state is not None:
        return [outcome, await screen(desk, state)]
    return [outcome]


async def _undo(desk: Desk, row: RecordFlowRow, first: int, last: int) -> list[FlowReply]:
    count = await undo_save(desk.session, _recorder(desk), first, last)
    if row.undo_first == first:
        row.undo_first = row.undo_last = None
    return [FlowNotice(FlowNote.UNDONE, str(count))]


def _current(state: FlowState, pressed: Press) -> bool:
    """The button is of the screen shown last, or sets a state on an older copy of it."""
    if pressed.version == state.version:
        return True
    since = int(str(state.data.get("since") or state.version))
    return pressed.verb in IDEMPOTENT and since <= pressed.version <= state.version


def _recorder(desk: Desk) -> Recorder:
    label = actor_label(desk.person)
    return Recorder(desk.session, actor=label, now=desk.now, zone=desk.zone)


async def _locked_row(session: AsyncSession, person_id: int) -> RecordFlowRow:
    """The person's flow row, locked (PostgreSQL) so their events run one after the other."""
    query = select(RecordFlowRow).where(RecordFlowRow.person_id == person_id).with_for_update()
    row = (await session.exec(query)).first()
    if row is None:
        row = RecordFlowRow(person_id=person_id)
        session.add(row)
        await session.flush()
    return row


async def _show(desk: Desk, row: RecordFlowRow, state: FlowState) -> FlowReply:
    row.kind, row.step, row.version = state.kind.value, state.step.value, state.version
    row.data = json.dumps(state.data, ensure_ascii=False)
    return await screen(desk, state)


def _state(row: RecordFlowRow) -> FlowState | None:
    if row.kind is None:
        return None
    data = json.loads(row.data)
    return FlowState(FlowKind(row.kind), Step(row.step), row.version, data)


def _clear(row: RecordFlowRow) -> None:
    row.kind, row.step, row.data, row.version = None, "", "{}", row.version + 1
