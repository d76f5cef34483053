"""A member's survey progress as rows: one joined read and Core writes on a sync connection,
through the unit of work's `first` and `execute` (the survey's hot path)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, bindparam
from sqlalchemy.exc import IntegrityError

from survey.conversation.engine import Stage, SurveyState
from survey.periods.pool import POOL, seal
from survey.ports import UnitOfWork
from survey.questionnaire.model import Questionnaire, load_questionnaire
from survey.tables import (
    OPEN_STATUS,
    ChatAccountRow,
    DraftRow,
    ParticipationRow,
    PeriodRow,
    PersonRow,
)

PERSON = PersonRow.__table__  # type: ignore[attr-defined]
ACCOUNT = ChatAccountRow.__table__  # type: ignore[attr-defined]
PERIOD = PeriodRow.__table__  # type: ignore[attr-defined]
DONE = ParticipationRow.__table__  # type: ignore[attr-defined]
DRAFT = DraftRow.__table__  # type: ignore[attr-defined]
DRAFT_STATE = ("stage", "position", "answers", "saran", "editing", "confirming_cancel")

# Who is writing: a person id, or the (channel, external id) of a chat account bound to one.
Who = int | tuple[str, str]


class AlreadyDone(Exception):
    """A concurrent submit won the race; this transaction must roll back."""


@dataclass(frozen=True)
class Progress:
    """Everything one survey step needs, as read in one statement."""

    person_id: int
    active: bool
    role: str
    period_id: int | None
    questionnaire: Questionnaire | None
    submitted: bool
    draft_id: int | None
    state: SurveyState
    sealed: int = 0  # responses of the period waiting in the pool when the step began
    starts_on: date | None = None  # the open period's dates: answers only from, until them
    ends_on: date | None = None


_SEALED = sa.select(sa.func.count()).select_from(POOL)


def _joined(source: sa.FromClause) -> sa.Select[Any]:
    period = PERIOD.c.status == OPEN_STATUS  # a literal: see survey/tables.py
    done = (DONE.c.person_id == PERSON.c.id) & (DONE.c.period_id == PERIOD.c.id)
    draft = (DRAFT.c.person_id == PERSON.c.id) & (DRAFT.c.period_id == PERIOD.c.id)
    columns = [DRAFT.c[name] for name in DRAFT_STATE]
    return sa.select(
        PERSON.c.id,
        PERSON.c.active,
        PERSON.c.role,
        PERIOD.c.id.label("period_id"),
        PERIOD.c.questionnaire_version,
        DONE.c.person_id.label("done_id"),
        DRAFT.c.id.label("draft_id"),
        *columns,
        _SEALED.where(POOL.c.period_id == PERIOD.c.id).scalar_subquery().label("sealed"),
        PERIOD.c.starts_on,
        PERIOD.c.ends_on,
    ).select_from(source.outerjoin(PERIOD, period).outerjoin(DONE, done).outerjoin(DRAFT, draft))


_BY_ACCOUNT = PERSON.join(ACCOUNT, ACCOUNT.c.person_id == PERSON.c.id)
_ACCOUNT_IS = (ACCOUNT.c.channel == bindparam("channel")) & (
    ACCOUNT.c.external_id == bindparam("external_id")
)
_PERSON_IS = PERSON.c.id == bindparam("person_id")
READ = {
    int: _joined(PERSON).where(_PERSON_IS),
    tuple: _joined(_BY_ACCOUNT).where(_ACCOUNT_IS),
}
LOCK = {
    int: sa.select(PERSON.c.id).where(_PERSON_IS).with_for_update(),
    tuple: sa.select(PERSON.c.id)
    .select_from(_BY_ACCOUNT)
    .where(_ACCOUNT_IS)
    .with_for_update(of=PERSON),
}
UPDATE_DRAFT = (
    DRAFT.update()
    .where(DRAFT.c.id == bindparam("draft_id"))
    .values({name: bindparam(name) for name in (*DRAFT_STATE, "updated_at")})
)
DELETE_DRAFT = DRAFT.delete().where(DRAFT.c.id == bindparam("draft_id"))


def load(db: UnitOfWork, conn: Connection, who: Who) -> Progress | None:
    """The person's progress in the open period; None when no such person (or account)."""
    if isinstance(who, int):
        kind: type = int
        params: dict[str, Any] = {"person_id": who}
    else:
        kind, params = tuple, {"channel": who[0], "external_id": who[1]}
    if conn.dialect.name != "sqlite":  # BEGIN IMMEDIATE already serialises whole transactions
        # Locking the person first serialises every event of one member, so the read below
        # sees what a racing call committed (one SELECT … FOR UPDATE with the joins would
        # return the other tables' rows as they were before the wait).
        conn.execute(LOCK[kind], params)
    row = db.first(conn, READ[kind], params)
    if row is None:
        return None
    version = row["questionnaire_version"]
    questionnaire = None if version is None else load_questionnaire(version)
    state = SurveyState() if questionnaire is None else _state_of(row, questionnaire)
    return Progress(
        person_id=row["id"],
        active=bool(row["active"]),
        role=row["role"],
        period_id=row["period_id"],
        questionnaire=questionnaire,
        submitted=row["done_id"] is not None,
        draft_id=row["draft_id"],
        state=state,
        sealed=int(row["sealed"] or 0),
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
    )


def save(
    db: UnitOfWork, conn: Connection, progress: Progress, state: SurveyState, now: datetime
) -> None:
    """Store the engine's new state: the draft row, or the response when submitted."""
    if state == progress.state:
        return
    if state.stage in (Stage.SUBMITTED, Stage.NEW):
        if state.stage is Stage.SUBMITTED:
            _submit(conn, progress, state)
        if progress.draft_id is not None:
            conn.execute(DELETE_DRAFT, {"draft_id": progress.draft_id})
        return
    values = _draft_values(state) | {"updated_at": now}
    if progress.draft_id is not None:
        db.execute(conn, UPDATE_DRAFT, values | {"draft_id": progress.draft_id})
    else:
        owner = {"person_id": progress.person_id, "period_id": progress.period_id}
        conn.execute(DRAFT.insert(), values | owner)


def _submit(conn: Connection, progress: Progress, state: SurveyState) -> None:
    period_id, questionnaire = progress.period_id, progress.questionnaire
    assert questionnaire is not None and period_id is not None
    try:
        conn.execute(DONE.insert(), {"person_id": progress.person_id, "period_id": period_id})
    except IntegrityError:
        raise AlreadyDone from None
    seal(
        conn,
        period_id=period_id,
        version=questionnaire.version,
        answers=state.answers,
        saran=state.saran,
    )


def _state_of(row: Mapping[str, Any], questionnaire: Questionnaire) -> SurveyState:
    if row["draft_id"] is None:
        return SurveyState()
    answers = json.loads(row["answers"])
    known = tuple((c, int(answers[c])) for c in questionnaire.codes if c in answers)
    return SurveyState(
        stage=Stage(row["stage"]),
        position=min(row["position"], len(questionnaire.elements) - 1),
        answers=known,
        saran=row["saran"],
        editing=bool(row["editing"]),
        confirming_cancel=bool(row["confirming_cancel"]),
    )


def _draft_values(state: SurveyState) -> dict[str, Any]:
    return {
        "stage": state.stage.value,
        "position": state.position,
        "answers": json.dumps(dict(state.answers)),
        "saran": state.saran,
        "editing": state.editing,
        "confirming_cancel": state.confirming_cancel,
    }
