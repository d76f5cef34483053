"""Answers for kabid and the Sekretaris: the IKM of a period in a few phone-sized lines."""

from __future__ import annotations

from bot import texts
from scoring.numbers import format_id
from scoring.summary import sample_shortfall
from survey.periods import Pending
from survey.questionnaire import load_questionnaire
from survey.results import PeriodResult


def ikm_text(answer: PeriodResult) -> str:
    """The IKM headline, respondents, sample adequacy, NRR per unsur, priority and the trend."""
    period = answer.period
    if answer.result is None:
        return _not_yet(answer)
    result = answer.result
    if result.score_display is None or result.ikm_display is None:
        missing = ", ".join(result.missing)
        return f"IKM periode {period.name} belum dapat dihitung: belum ada data untuk {missing}."
    names = {e.code: e.name for e in load_questionnaire(period.questionnaire_version).elements}
    lines = [
        f"IKM periode {period.name}: {format_id(result.score_display)} "
        f"({result.grade}, {result.label})",
        f"Nilai IKM {format_id(result.ikm_display)} dari skala 1–4.",
        _sample_line(answer),
        "Nilai rata-rata per unsur (NRR):",
    ]
    for element in result.elements:
        nrr = element.nrr_display
        value = format_id(nrr) if nrr is not None else "belum ada data"
        lines.append(f"• {names.get(element.code, element.code)}: {value}")
    if result.weakest:
        weakest = ", ".join(names.get(c, c) for c in result.weakest)
        lines.append(f"Prioritas perbaikan: {weakest}.")
    if (trend := _trend(answer)) is not None:
        lines.append(trend)
    return "\n".join(lines)


def _not_yet(answer: PeriodResult) -> str:
    taken = max(answer.participants, answer.respondents)
    if taken >= answer.min_responses:  # enough have answered; their batch is being released
        return f"Hasil IKM periode {answer.period.name} sedang disiapkan; coba lagi sebentar lagi."
    more = answer.min_responses - taken
    return (
        f"Hasil IKM periode {answer.period.name} belum ditampilkan: baru {taken} anggota "
        f"mengisi, perlu {more} lagi (minimal {answer.min_responses}) agar jawaban tidak "
        "dapat ditelusuri ke orangnya."
    )


def _sample_line(answer: PeriodResult) -> str:
    line = f"Responden: {answer.respondents} dari {answer.population} anggota."
    if (waiting := answer.participants - answer.respondents) > 0:
        line += (
            f" {waiting} jawaban terbaru menunggu dihitung bersama jawaban berikutnya "
            f"(paling sedikit {answer.min_responses} sekaligus, agar tidak dapat ditelusuri)."
        )
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
        direction = "tetap"
    else:
        word = "naik" if change > 0 else "turun"
        direction = f"{word} {format_id(abs(change))} poin"
    return f"Dibanding {before_period.name} ({format_id(then)}): {direction}."
