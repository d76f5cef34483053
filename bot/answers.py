"""Answers for kabid and the Sekretaris: the IKM of a period in a few phone-sized lines."""

from __future__ import annotations

from scoring.numbers import format_id
from scoring.summary import sample_shortfall
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
    more = answer.min_responses - answer.respondents
    return (
        f"Hasil IKM periode {answer.period.name} belum ditampilkan: baru {answer.respondents} "
        f"responden, perlu {more} lagi (minimal {answer.min_responses}) agar jawaban tidak "
        "dapat ditelusuri ke orangnya."
    )


def _sample_line(answer: PeriodResult) -> str:
    line = f"Responden: {answer.respondents} dari {answer.population} anggota."
    shortfall = sample_shortfall(answer.respondents, answer.population)
    return f"{line} {shortfall}" if shortfall else line


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
