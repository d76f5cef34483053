"""What the IKM report workbook shows: its own module, so that workbook.py and its sheets
(workbook_sheets.py) both read it and neither imports the other back. No openpyxl here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from scoring.ikm import IkmResult


@dataclass(frozen=True)
class ReportData:
    """What the workbook shows. ``rows``: one dict per response, unsur code → 1..4, a missing
    code = unanswered. ``elements``: (code, name) in questionnaire order. ``generated_at`` is
    timezone-aware in the zone to show (WITA); cells get it as text, never as a datetime."""

    period_name: str
    starts_on: date
    ends_on: date | None
    questionnaire_version: str
    elements: Sequence[tuple[str, str]]
    rows: Sequence[Mapping[str, int]]
    saran: Sequence[str]
    result: IkmResult
    population: int
    generated_at: datetime
