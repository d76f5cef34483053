"""The indicators for kabid and the Sekretaris (/indikator, plain questions), sized for a phone.

A kabid sees first, in full, the indicators the decree makes them answer for (persidangan:
IK1, IK2, IK3; fasilitasi: IK2 over the tasks of bidang fasilitasi), then the others on one line
each; the Sekretaris sees the IKU and all of IK1–IK3 in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.chat import texts
from scoring.indicators import percent_text
from scoring.numbers import format_id
from scoring.performance import YearFigure
from survey.dates import format_date
from survey.indicators.definitions import Scope, definitions, owned_scopes
from survey.indicators.performance import PerformanceService
from survey.indicators.ranges import DateRange
from survey.indicators.service import WHOLE, IndicatorService, IndicatorStatus
from survey.people.model import Person, Role
from survey.periods.results import ResultService
from survey.ports import DomainError
from survey.services import Services

MAX_ITEMS = 5


@dataclass(frozen=True)
class View:
    """What a person sees: scopes in full, scopes on one line, and where the IKU goes."""

    full: tuple[Scope, ...]
    brief: tuple[Scope, ...]
    iku_first: bool
    iku_last: bool


def view_for(person: Person | None, code: str | None = None) -> View:
    """The Sekretaris (and the command line, `person` None) see all; a kabid their own first.
    With `code` (a plain question about one indicator) only that indicator is shown."""
    sekretaris = person is None or person.role is Role.SEKRETARIS
    own = WHOLE if person is None else owned_scopes(person.role, person.bidang)
    own = own or WHOLE  # a kabid of another bidang answers for none: show everything
    brief: tuple[Scope, ...]
    if code is not None:
        full = tuple(s for s in own if s[0] == code) or ((code, None),)
        brief = () if (code, None) in full else ((code, None),)
        return View(full, brief, iku_first=False, iku_last=False)
    brief = tuple(s for s in WHOLE if s not in own)
    return View(own, brief, iku_first=sekretaris, iku_last=not sekretaris)


async def indicator_answer(
    services: Services,
    person: Person | None,
    span: DateRange,
    today: date,
    *,
    code: str | None = None,
) -> str:
    """The whole answer: header, the IKU, each indicator, and the others in brief."""
    indicators, results = services.indicators, services.results
    view = view_for(person, code)
    statuses = await indicators.overview(
        span.start, span.end, today=today, scopes=view.full + view.brief
    )
    full, brief = statuses[: len(view.full)], statuses[len(view.full) :]
    header = texts.INDICATOR_HEADER.format(span=span.label())
    if span.end > today:
        header += texts.INDICATOR_UNTIL.format(today=format_date(today))
    blocks = [header]
    last_year = await last_year_figures(services.performance, span)
    shown_iku = view.iku_first or view.iku_last
    iku = await iku_line(indicators, results, span, last_year) if shown_iku else None
    if iku is not None and view.iku_first:
        blocks.append(iku)
    blocks += [status_block(s, view, last_year) for s in full]
    others = [brief_line(s, view) for s in brief] + ([iku] if iku and view.iku_last else [])
    if others:
        blocks.append("\n".join([texts.INDICATOR_OTHERS, *(f"• {line}" for line in others)]))
    return "\n\n".join(blocks)


def _title(status: IndicatorStatus, view: View) -> str:
    name = definitions().get(status.code).short_name
    bidang = status.value.bidang
    if bidang is not None:
        return name + texts.INDICATOR_BIDANG.format(bidang=bidang)
    if any(c == status.code and b is not None for c, b in view.full):
        return name + texts.INDICATOR_ALL_BIDANG
    return name


def _value(status: IndicatorStatus) -> str:
    ratio = status.value.ratio
    if ratio.percent is None:
        return f"{ratio.text()} ({texts.INDICATOR_EMPTY[status.code]})"
    noun = texts.INDICATOR_NOUNS[status.code]
    counts = texts.INDICATOR_COUNTS.format(
        numerator=ratio.numerator, denominator=ratio.denominator, noun=noun
    )
    return ratio.text() + counts


def brief_line(status: IndicatorStatus, view: View) -> str:
    """One line: code, name and value."""
    value = status.value.ratio.text()
    return texts.INDICATOR_VALUE.format(code=status.code, name=_title(status, view), value=value)


async def last_year_figures(
    performance: PerformanceService, span: DateRange
) -> dict[str, YearFigure]:
    """Last year's figures by code (the bot's own, else the imported history), for a range
    within one year whose year before is in the decree; empty otherwise."""
    year = span.end.year - 1
    if span.start.year != span.end.year or year < definitions().first_year:
        return {}
    if year > definitions().last_year:
        return {}
    figures = await performance.year(year)
    return {code: f for code, f in zip(("IKU", "IK1", "IK2", "IK3"), figures, strict=True)}


def year_change(now: Decimal | None, before: YearFigure | None, unit: str = "%") -> str | None:
    """ "sejak tahun 2025 naik 3,50 poin (dari 84,00%, impor)", or None without both values."""
    if now is None or before is None or before.realisation is None:
        return None
    points = now - before.realisation
    if points == 0:
        direction = texts.INDICATOR_SAME
    else:
        word = texts.INDICATOR_UP if points > 0 else texts.INDICATOR_DOWN
        direction = word.format(points=format_id(abs(points).quantize(Decimal("0.01"))))
    shown = format_id(before.realisation.quantize(Decimal("0.01"))) + unit
    return texts.INDICATOR_YEAR_CHANGE.format(
        year=before.year,
        direction=direction,
        before=shown + (texts.INDICATOR_IMPORTED if before.imported else ""),
    )


def status_block(
    status: IndicatorStatus, view: View, last_year: dict[str, YearFigure] | None = None
) -> str:
    """Value with its counts; target, status, change since last month and since last year
    (whole Setwan only: the history has no bidang); then what to act on."""
    first = texts.INDICATOR_VALUE.format(
        code=status.code, name=_title(status, view), value=_value(status)
    )
    before = None if status.value.bidang is not None else (last_year or {}).get(status.code)
    yearly = year_change(status.value.percent, before)
    second = " · ".join(p for p in (_target(status), _change(status), yearly) if p)
    lines = [first, second, *_act_on(status)]
    return "\n".join(line for line in lines if line)


def _target(status: IndicatorStatus) -> str:
    span = status.value.span
    if span.start.year != span.end.year:
        return texts.INDICATOR_TARGET_ACROSS_YEARS
    if status.target is None:
        return texts.INDICATOR_NO_TARGET.format(year=span.end.year)
    text = texts.INDICATOR_TARGET.format(year=span.end.year, target=percent_text(status.target))
    if status.achieved is None:
        return text
    reached = texts.INDICATOR_REACHED if status.achieved else texts.INDICATOR_NOT_REACHED
    return f"{text} — {reached}"


def _change(status: IndicatorStatus) -> str | None:
    points, previous = status.change, status.previous
    if points is None or previous is None:
        return None
    if points == 0:
        direction = texts.INDICATOR_SAME
    else:
        word = texts.INDICATOR_UP if points > 0 else texts.INDICATOR_DOWN
        direction = word.format(points=format_id(abs(points)))
    return texts.INDICATOR_CHANGE.format(direction=direction, before=previous.ratio.text())


def trim(items: Sequence[str], separator: str = ", ") -> str:
    """At most five items, then "dan N lainnya"."""
    shown = separator.join(items[:MAX_ITEMS])
    if len(items) <= MAX_ITEMS:
        return shown
    return texts.INDICATOR_MORE.format(shown=shown, more=len(items) - MAX_ITEMS)


def _act_on(status: IndicatorStatus) -> list[str]:
    act = status.act_on
    lines = []
    if act.untrained:
        year = status.value.span.end.year
        lines.append(texts.INDICATOR_UNTRAINED.format(year=year, names=trim(act.untrained)))
    if act.overdue:
        tasks = [
            texts.INDICATOR_OVERDUE_ITEM.format(
                name=t.name, due=format_date(t.due_on), bidang=t.bidang
            )
            for t in act.overdue
        ]
        lines.append(texts.INDICATOR_OVERDUE.format(tasks=trim(tasks, "; ")))
    if act.below_standard:
        meetings = [
            texts.INDICATOR_BELOW_STANDARD_ITEM.format(
                agenda=m.agenda, held=format_date(m.held_on), missed="; ".join(m.missed_items)
            )
            for m in act.below_standard
        ]
        lines.append(texts.INDICATOR_BELOW_STANDARD.format(meetings=trim(meetings, "; ")))
    if act.not_held:
        missed = [
            texts.INDICATOR_NOT_HELD_ITEM.format(
                agenda=m.agenda, planned=format_date(m.planned_on)
            )
            for m in act.not_held
        ]
        lines.append(texts.INDICATOR_NOT_HELD.format(meetings=trim(missed, "; ")))
    return lines


async def iku_line(
    indicators: IndicatorService,
    results: ResultService,
    span: DateRange | None = None,
    last_year: dict[str, YearFigure] | None = None,
) -> str:
    """The IKU of `span` (the period that ended in it, else the open one overlapping it;
    without a span the current period): its IKM skor and grade against its year's target,
    and against last year's IKU when that is known, or why it is not shown."""
    name = definitions().get("IKU").short_name
    try:
        if span is None:
            answer = await results.period_result()
        else:
            found = await results.period_in_range(span.start, span.end, indicators.zone)
            if found is None:
                return texts.IKU_NONE_IN_RANGE.format(name=name, span=span.label())
            answer = found
    except DomainError as exc:
        return texts.IKU_NO_PERIOD.format(name=name, reason=str(exc))
    period = answer.period.name
    if answer.period.is_open:
        period += texts.IKU_RUNNING
    if answer.result is None:
        return texts.IKU_HIDDEN.format(
            name=name, period=period, respondents=answer.respondents, minimum=answer.min_responses
        )
    score = answer.result.score_display
    if score is None:
        return texts.IKU_NOT_COMPUTABLE.format(name=name, period=period)
    line = texts.IKU_VALUE.format(
        name=name,
        score=format_id(score),
        grade=answer.result.grade,
        label=answer.result.label,
        period=period,
    )
    year = answer.period.starts_on.year
    target = await _iku_target(indicators, year)
    if target is not None:
        reached = texts.INDICATOR_REACHED if score >= target else texts.INDICATOR_NOT_REACHED
        shown = format_id(target.quantize(Decimal("0.01")))
        line += f" · {texts.INDICATOR_TARGET.format(year=year, target=shown)} — {reached}"
    before = (last_year or {}).get("IKU")
    if before is not None and before.year == year - 1:
        yearly = year_change(score, before, unit="")
        line += "" if yearly is None else f" · {yearly}"
    return line


async def _iku_target(indicators: IndicatorService, year: int) -> Decimal | None:
    if not definitions().first_year <= year <= definitions().last_year:
        return None
    return next((t.value for t in await indicators.targets(year) if t.code == "IKU"), None)
