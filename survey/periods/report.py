"""The IKM report of a period: its workbook and chart from a `PeriodSheet`, file names, and
writing them where only their owner can read them.

Rendering is CPU-bound (openpyxl, matplotlib): async callers run these functions through
`asyncio.to_thread`. The renderers are imported inside them: together they cost about half a
second of start-up that the survey and every other command never need.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.ikm import IkmResult
from survey.periods.names import file_stem as file_stem  # where channels name exports
from survey.periods.results import PeriodResult, PeriodSheet
from survey.ports import DomainError
from survey.questionnaire.model import load_questionnaire

if TYPE_CHECKING:
    from scoring.report_data import ReportData


def workbook_bytes(sheet: PeriodSheet, generated_at: datetime) -> bytes:
    """The .xlsx report; ``generated_at`` is aware, in the zone to show (IKM_TIMEZONE)."""
    from scoring.workbook import build_workbook

    return build_workbook(report_data(sheet, generated_at))


def chart_bytes(sheet: PeriodSheet) -> bytes:
    """The PNG chart of the NRR per unsur with the grade bands."""
    from scoring.chart import render_chart

    names = dict(sheet.elements)
    return render_chart(scored(sheet), names, f"IKM periode {sheet.period.name}")


def result_chart(answer: PeriodResult) -> bytes:
    """The same chart from a period's result (what /ikm shows), without loading the answers."""
    from scoring.chart import render_chart

    assert answer.result is not None
    names = {
        e.code: e.name for e in load_questionnaire(answer.period.questionnaire_version).elements
    }
    return render_chart(answer.result, names, f"IKM periode {answer.period.name}")


def report_data(sheet: PeriodSheet, generated_at: datetime) -> ReportData:
    """What the workbook shows, from the sheet."""
    from scoring.report_data import ReportData

    period = sheet.period
    return ReportData(
        period_name=period.name,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        questionnaire_version=period.questionnaire_version,
        elements=sheet.elements,
        rows=sheet.rows,
        saran=sheet.saran,
        result=scored(sheet),
        population=sheet.result.population,
        generated_at=generated_at,
    )


def scored(sheet: PeriodSheet) -> IkmResult:
    """The sheet's IKM; DomainError when an unsur has no answer (never reported as 0)."""
    result = sheet.result.result
    if result is None or result.ikm is None:
        missing = ", ".join(result.missing) if result else "semua unsur"
        raise DomainError(
            f"IKM periode {sheet.period.name} belum dapat dihitung: belum ada data untuk {missing}"
        )
    return result


def write_private(path: Path, data: bytes) -> None:
    """Write an export (workbook, chart) readable by its owner only: the file 0600, also when
    it replaces an older one, and a folder made for it 0700. OSError passes."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(data)
