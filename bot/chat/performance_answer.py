"""The Pengukuran Kinerja of one year in words (/kinerja, `ikm kinerja`), beside its workbook."""

from __future__ import annotations

from collections.abc import Sequence

from bot.chat import texts
from scoring.performance import NO_DATA, IndicatorTrend, number_text
from survey.indicators.definitions import definitions


def performance_text(trends: Sequence[IndicatorTrend], year: int) -> str:
    """One line per indicator (target, realisasi, capaian with a decimal comma, status), and
    under each where its realisation came from; years without data say so."""
    lines = [texts.PERFORMANCE_HEADER.format(year=year)]
    for trend in trends:
        figure = trend.year(year)
        shown = number_text(figure.capaian)
        lines.append(
            texts.PERFORMANCE_LINE.format(
                code=trend.code,
                name=definitions().get(trend.code).short_name,
                target=number_text(figure.target),
                realisation=number_text(figure.realisation),
                capaian=shown if shown == NO_DATA else f"{shown}%",
                status=figure.status,
            )
        )
        source = figure.source + (texts.PERFORMANCE_IMPORTED if figure.imported else "")
        lines.append(texts.PERFORMANCE_SOURCE.format(source=source))
    return "\n".join(lines)
