"""Reading and writing the follow-up plan inside a caller's transaction (chat flow, service).

Only periods whose results are shown (at least k released responses) take actions: the plan
answers published results, and nothing here reads anything per respondent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from scoring.ikm import compute_ikm
from survey.people.bidang import canonical_bidang
from survey.periods.results import period_tallies
from survey.ports import DomainError
from survey.questionnaire.model import load_questionnaire
from survey.records.audit import audit_row, snapshot
from survey.records.follow_up.model import (
    ACTION_MAX,
    NOTE_MAX,
    ElementScore,
    FollowUp,
    FollowUpStatus,
)
from survey.records.follow_up.tables import FollowUpRow
from survey.records.model import Action, Entity
from survey.records.rules import clean_text, optional_text
from survey.tables import PeriodRow, ResponseRow


async def shown_periods(session: AsyncSession, min_responses: int) -> list[PeriodRow]:
    """The periods whose released results are shown, newest first."""
    counts = (
        select(ResponseRow.period_id, func.count().label("n"))
        .group_by(col(ResponseRow.period_id))
        .subquery()
    )
    query = (
        select(PeriodRow)
        .join(counts, counts.c.period_id == PeriodRow.id)
        .where(counts.c.n >= min_responses)
        .order_by(col(PeriodRow.starts_on).desc(), col(PeriodRow.id).desc())
    )
    return list(await session.exec(query))


async def shown_period(session: AsyncSession, name: str | None, min_responses: int) -> PeriodRow:
    """The named period (its results must be shown), else the latest one shown."""
    periods = await shown_periods(session, min_responses)
    if name is None:
        if not periods:
            raise DomainError("belum ada periode dengan hasil IKM yang ditampilkan")
        return periods[0]
    wanted = " ".join(name.split()).casefold()
    found = next((p for p in periods if p.name.casefold() == wanted), None)
    if found is not None:
        return found
    known = (await session.exec(select(PeriodRow.name))).all()
    if not any(n.casefold() == wanted for n in known):
        raise DomainError(f"periode '{name}' tidak ditemukan")
    raise DomainError(
        f"hasil IKM periode {name} belum ditampilkan (kurang dari {min_responses} jawaban "
        "dirilis); tindak lanjut dicatat atas hasil yang sudah ditampilkan"
    )


async def element_scores(session: AsyncSession, period: PeriodRow) -> list[ElementScore]:
    """The period's unsur with their released NRR, in question order."""
    assert period.id is not None
    questionnaire = load_questionnaire(period.questionnaire_version)
    respondents, tallies = await period_tallies(session, period.id, questionnaire.codes)
    result = compute_ikm(tallies, respondents) if respondents else None
    nrr = {e.code: e.nrr for e in result.elements} if result is not None else {}
    return [ElementScore(e.code, e.name, nrr.get(e.code)) for e in questionnaire.elements]


def element_code(scores: Iterable[ElementScore], text: str) -> str:
    """The unsur `text` names (its code or its name, any case); DomainError otherwise."""
    wanted = " ".join(text.split()).casefold()
    listed = list(scores)
    for score in listed:
        if wanted in (score.code.casefold(), score.name.casefold()):
            return score.code
    choices = ", ".join(s.code for s in listed)
    raise DomainError(f"unsur '{text.strip()}' tidak ada di kuesioner periode ini ({choices})")


async def actions(
    session: AsyncSession, *, period_id: int | None = None, bidang: str | None = None
) -> list[FollowUp]:
    """The actions (of one period, of one bidang), by due date then number."""
    query = select(FollowUpRow, PeriodRow).join(
        PeriodRow, col(PeriodRow.id) == col(FollowUpRow.period_id)
    )
    if period_id is not None:
        query = query.where(FollowUpRow.period_id == period_id)
    if bidang is not None:
        query = query.where(FollowUpRow.bidang == bidang)
    query = query.order_by(col(FollowUpRow.due_on), col(FollowUpRow.id))
    return [follow_up_of(row, period) for row, period in await session.exec(query)]


def follow_up_of(row: FollowUpRow, period: PeriodRow) -> FollowUp:
    """The domain view of a row."""
    assert row.id is not None
    questionnaire = load_questionnaire(period.questionnaire_version)
    names = {e.code: e.name for e in questionnaire.elements}
    return FollowUp(
        id=row.id,
        period=period.name,
        element=row.element,
        element_name=names.get(row.element, row.element),
        action=row.action,
        bidang=row.bidang,
        due_on=row.due_on,
        status=FollowUpStatus(row.status),
        note=row.note,
    )


async def insert(
    session: AsyncSession,
    *,
    actor: str,
    now: datetime,
    period: PeriodRow,
    element: str,
    action: str,
    bidang: str,
    due_on: date,
    extra_bidang: Iterable[str] = (),
) -> FollowUpRow:
    """Add an action (status `rencana`) with its audit row."""
    assert period.id is not None
    row = FollowUpRow(
        period_id=period.id,
        element=element,
        action=clean_text(action, "tindakan", ACTION_MAX),
        bidang=canonical_bidang(bidang, extra_bidang),
        due_on=due_on,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    assert row.id is not None
    log = audit_row(
        at=now,
        actor=actor,
        action=Action.ADD,
        entity=Entity.FOLLOW_UP,
        entity_id=str(row.id),
        before=None,
        after=snapshot(row),
    )
    session.add(log)
    return row


async def update_status(
    session: AsyncSession,
    *,
    actor: str,
    now: datetime,
    number: int,
    status: FollowUpStatus,
    note: str | None,
) -> FollowUpRow:
    """Set an action's status and note, with its audit row (before and after)."""
    row = await session.get(FollowUpRow, number)
    if row is None:
        raise DomainError(f"tindak lanjut TL{number} tidak ada")
    before = snapshot(row)
    row.status = status.value
    row.note = optional_text(note, "catatan", NOTE_MAX)
    after = snapshot(row)
    if after == before:
        raise DomainError(f"TL{number} sudah berstatus {status.value} dengan catatan yang sama")
    session.add(row)
    log = audit_row(
        at=now,
        actor=actor,
        action=Action.CHANGE,
        entity=Entity.FOLLOW_UP,
        entity_id=str(number),
        before=before,
        after=after,
    )
    session.add(log)
    await session.flush()
    return row
