"""Answers for kabid and the Sekretaris: the IKM of a period in a few phone-sized lines."""

from __future__ import annotations

from bot.chat import texts
from scoring.numbers import format_id
from scoring.summary import sample_shortfall
from survey.periods.results import PeriodResult
from survey.periods.service import Pending
from survey.questionnaire.model import load_questionnaire


def ikm_text(answer: PeriodResult) -> str:
    """The IKM headline, respondents, sample adequacy, NRR per unsur, priority and the trend."""
    period = answer.period
    if answer.result is None:
        return _not_yet(answer)
    result = answer.result
    if result.score_display is None or result.ikm_display is None:
        missing = ", ".join(result.missing)
        return texts.IKM_NOT_COMPUTABLE.format(period=period.name, missing=missing)
    names = {e.code: e.name for e in load_questionnaire(period.questionnaire_version).elements}
    score = format_id(result.score_display)
    lines = [
        texts.IKM_HEADLINE.format(
            period=period.name, score=score, grade=result.grade, label=result.label
        ),
        texts.IKM_SCALE.format(ikm=format_id(result.ikm_display)),
        _sample_line(answer),
        texts.IKM_NRR_HEADER,
    ]
    for element in result.elements:
        nrr = element.nrr_display
        value = format_id(nrr) if nrr is not None else texts.IKM_NRR_NONE
        lines.append(
            texts.IKM_NRR_LINE.format(name=names.get(element.code, element.code), value=value)
        )
    if result.weakest:
        weakest = ", ".join(names.get(c, c) for c in result.weakest)
        lines.append(texts.IKM_PRIORITY.format(elements=weakest))
    if (trend := _trend(answer)) is not None:
        lines.append(trend)
    return "\n".join(lines)


def _not_yet(answer: PeriodResult) -> str:
    taken = max(answer.participants, answer.respondents)
    name, minimum = answer.period.name, answer.min_responses
    if taken >= minimum:  # enough have answered; their batch is being released
        return texts.IKM_BEING_RELEASED.format(period=name)
    more = minimum - taken
    return texts.IKM_HIDDEN.format(period=name, taken=taken, more=more, minimum=minimum)


def _sample_line(answer: PeriodResult) -> str:
    line = texts.IKM_RESPONDENTS.format(
        respondents=answer.respondents, population=answer.population
    )
    if (waiting := answer.participants - answer.respondents) > 0:
        line += texts.IKM_WAITING.format(waiting=waiting, minimum=answer.min_responses)
    shortfall = sample_shortfall(answer.respondents, answer.population)
    return f"{line} {shortfall}" if shortfall else line


def pending_text(pending: Pending) -> str:
    """/belum: who has not answered the open period, by name, with a number to call."""
    total, period = pending.in_office, pending.period.name
    if not pending.people:
        return texts.PENDING_NONE.format(total=total, period=period)
    lines = [texts.PENDING_HEADER.format(period=period, count=len(pending.people), total=total)]
    lines += [
        texts.PENDING_LINE.format(number=i, name=p.name, phone=p.phone)
        for i, p in enumerate(pending.people, 1)
    ]
    return "\n".join(lines)


def _trend(answer: PeriodResult) -> str | None:
    if answer.previous is None or answer.result is None:
        return None
    before_period, before = answer.previous
    now, then = answer.result.score_display, before.score_display
    if now is None or then is None:
        return None
    change = now - then
    if change == 0:
        direction = texts.IKM_TREND_SAME
    else:
        word = texts.IKM_TREND_UP if change > 0 else texts.IKM_TREND_DOWN
        direction = word.format(points=format_id(abs(change)))
    return texts.IKM_TREND.format(
        period=before_period.name, score=format_id(then), direction=direction
    )
