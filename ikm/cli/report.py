"""`ikm report`: check where the report goes, render it, write it, say what was written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from scoring.numbers import format_id
from survey.periods.report import chart_bytes, scored, workbook_bytes, write_private
from survey.periods.results import PeriodSheet


def check_target(path: Path, suffix: str) -> None:
    """ValueError (Indonesian) unless ``path`` ends in ``suffix`` inside an existing folder."""
    if path.suffix.lower() != suffix:
        raise ValueError(f"berkas {path} harus berakhiran {suffix}")
    if path.is_dir():
        raise ValueError(f"{path} adalah folder; tulis nama berkas, mis. {path / 'ikm'}{suffix}")
    if not path.parent.is_dir():
        raise ValueError(f"folder {path.parent} tidak ada")


def write_report(
    sheet: PeriodSheet, generated_at: datetime, out: Path, chart: Path | None
) -> list[str]:
    """Render and write the workbook (and the chart), owner-only (0600); the lines to print.
    OSError passes."""
    result = scored(sheet)
    files = [(out, workbook_bytes(sheet, generated_at))]
    if chart is not None:
        files.append((chart, chart_bytes(sheet)))
    for path, content in files:
        write_private(path, content)
    assert result.score_display is not None
    lines = [
        f"IKM periode {sheet.period.name}: {format_id(result.score_display)} "
        f"({result.grade}, {result.label}) dari {sheet.respondents} responden.",
        f"Laporan ditulis: {out} (lembar Rekap, Data, Saran, Info).",
    ]
    if chart is not None:
        lines.append(f"Grafik ditulis: {chart}.")
    return lines
