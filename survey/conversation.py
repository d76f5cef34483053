"""The survey service: one event of one member, one transaction, progress kept as a row."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from survey.engine import Stage, SurveyState, advance, current_screen
from survey.events import Event, Start
from survey.periods import open_row
from survey.ports import Clock, UnitOfWork
from survey.questionnaire import Questionnaire, load_questionnaire
from survey.screens import Note, Notice, Reply
from survey.tables import (
    AnswerRow,
    DraftRow,
    ParticipationRow,
    PeriodRow,
    PersonRow,
    ResponseRow,
    utcnow,
)


class _AlreadyDone(Exception):
    """A concurrent submit won the race; this transaction must roll back."""


@dataclass(frozen=True)
class _Context:
    period: PeriodRow
    questionnaire: Questionnaire
    draft: DraftRow | None
    state: SurveyState


class SurveyService:
    """Feeds a member's events to the engine and stores the outcome before anything is shown."""

    def __init__(self, db: UnitOfWork, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def handle(self, person_id: int, event: Event) -> list[Reply]:
        """Apply `event` for the member; every change is committed before the replies return."""
        try:
            async with self.db.transaction() as session:
                loaded = await self._load(session, person_id)
                if isinstance(loaded, Notice):
                    return [loaded]
                state, replies = advance(loaded.questionnaire, loaded.state, event)
                await self._store(session, person_id, loaded, state)
                return replies
        except _AlreadyDone:
            return [Notice(Note.ALREADY_SUBMITTED)]

    async def resume(self, person_id: int) -> list[Reply]:
        """The screen a member left off at, or nothing when no survey is in progress."""
        async with self.db.transaction() as session:
            loaded = await self._load(session, person_id)
            if isinstance(loaded, Notice) or loaded.state.stage is Stage.NEW:
                return []
            return [Notice(Note.RESUMED), current_screen(loaded.questionnaire, loaded.state)]

    async def start(self, person_id: int) -> list[Reply]:
        """Begin or resume the survey."""
        return await self.handle(person_id, Start())

    async def _load(self, session: AsyncSession, person_id: int) -> _Context | Notice:
        # Locking the person first serialises every event of one member (PostgreSQL; SQLite
        # transactions are serial anyway), so the checks below see what a racing call committed.
        person = (
            await session.exec(
                select(PersonRow).where(PersonRow.id == person_id).with_for_update()
            )
        ).first()
        if person is None or not person.active or person.role != "anggota":
            return Notice(Note.NOT_A_MEMBER)
        period = await open_row(session)
        if period is None or period.id is None:
            return Notice(Note.NO_OPEN_PERIOD)
        done = await session.exec(
            select(ParticipationRow.id).where(
                ParticipationRow.person_id == person_id, ParticipationRow.period_id == period.id
            )
        )
        if done.first() is not None:
            return Notice(Note.ALREADY_SUBMITTED)
        draft = (
            await session.exec(
                select(DraftRow).where(
                    DraftRow.person_id == person_id, DraftRow.period_id == period.id
                )
            )
        ).first()
        questionnaire = load_questionnaire(period.questionnaire_version)
        return _Context(period, questionnaire, draft, _state_of(draft, questionnaire))

    async def _store(
        self, session: AsyncSession, person_id: int, ctx: _Context, state: SurveyState
    ) -> None:
        if state == ctx.state:
            return
        if state.stage in (Stage.SUBMITTED, Stage.NEW):
            if state.stage is Stage.SUBMITTED:
                await self._submit(session, person_id, ctx, state)
            if ctx.draft is not None:
                await session.delete(ctx.draft)
        else:
            period_id = ctx.period.id
            assert period_id is not None
            draft = ctx.draft or DraftRow(person_id=person_id, period_id=period_id, stage="")
            _fill(draft, state)
            draft.updated_at = self.clock()
            session.add(draft)

    async def _submit(
        self, session: AsyncSession, person_id: int, ctx: _Context, state: SurveyState
    ) -> None:
        period_id = ctx.period.id
        assert period_id is not None
        session.add(ParticipationRow(person_id=person_id, period_id=period_id))
        try:
            await session.flush()
        except IntegrityError:
            raise _AlreadyDone from None
        response = ResponseRow(
            period_id=period_id,
            questionnaire_version=ctx.questionnaire.version,
            saran=state.saran,
        )
        session.add(response)
        await session.flush()
        session.add_all(
            AnswerRow(response_id=response.id, element=code, period_id=period_id, value=value)
            for code, value in state.answers
        )


def _state_of(draft: DraftRow | None, questionnaire: Questionnaire) -> SurveyState:
    if draft is None:
        return SurveyState()
    answers = json.loads(draft.answers)
    known = tuple((c, int(answers[c])) for c in questionnaire.codes if c in answers)
    return SurveyState(
        stage=Stage(draft.stage),
        position=min(draft.position, len(questionnaire.elements) - 1),
        answers=known,
        saran=draft.saran,
        editing=draft.editing,
        confirming_cancel=draft.confirming_cancel,
    )


def _fill(draft: DraftRow, state: SurveyState) -> None:
    draft.stage = state.stage.value
    draft.position = state.position
    draft.answers = json.dumps(dict(state.answers))
    draft.saran = state.saran
    draft.editing = state.editing
    draft.confirming_cancel = state.confirming_cancel
