"""The follow-up plan in words: the weakest unsur still without an action (/ikm, the
Sekretaris's recap) and a bidang's actions due this month or overdue (the kabid's recap)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.chat import texts
from survey.dates import format_date
from survey.periods.results import PeriodResult
from survey.questionnaire.model import load_questionnaire
from survey.records.follow_up.model import FollowUp
from survey.records.follow_up.service import FollowUpService


async def gap_line(follow_ups: FollowUpService, answer: PeriodResult) -> str | None:
    """`Belum ada tindak lanjut untuk unsur terlemah …` when the shown results' weakest unsur
    has no action yet; None otherwise (results hidden, or every weakest unsur followed up)."""
    if answer.result is None or not answer.result.weakest:
        return None
    gaps = await follow_ups.unattended(answer.period.name, answer.result.weakest)
    if not gaps:
        return None
    questionnaire = load_questionnaire(answer.period.questionnaire_version)
    names = {e.code: e.name for e in questionnaire.elements}
    elements = ", ".join(names.get(code, code) for code in gaps)
    return texts.FOLLOW_UP_GAP.format(period=answer.period.name, elements=elements)


def due_lines(bidang: str, actions: Sequence[FollowUp], today: date) -> list[str]:
    """A bidang's overdue actions, then those due later this month; nothing when none."""
    overdue = [a for a in actions if a.bidang == bidang and a.overdue(today)]
    due = [a for a in actions if a.bidang == bidang and a.due_in_month(today)]
    if not overdue and not due:
        return []
    lines = [texts.FOLLOW_UP_RECAP_HEADER.format(bidang=bidang)]
    lines += [
        texts.FOLLOW_UP_RECAP_OVERDUE.format(
            number=a.number,
            element=a.element_name,
            action=a.action,
            due=format_date(a.due_on),
            status=a.status,
        )
        for a in overdue
    ]
    lines += [
        texts.FOLLOW_UP_RECAP_DUE.format(
            number=a.number, element=a.element_name, action=a.action, due=format_date(a.due_on)
        )
        for a in due
    ]
    return lines
