"""`/ekspor`: a period's IKM workbook and chart written into a folder, for the console."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot import texts
from survey.ports import DomainError
from survey.report import chart_bytes, file_stem, workbook_bytes
from survey.results import ResultService


async def export_period(
    results: ResultService, name: str | None, folder: Path, generated_at: datetime
) -> str:
    """Render off the event loop, write `<folder>/ikm-<period>.xlsx` and `.png`; the reply."""
    try:
        sheet = await results.period_sheet(name)
        workbook = await asyncio.to_thread(workbook_bytes, sheet, generated_at)
        chart = await asyncio.to_thread(chart_bytes, sheet)
    except DomainError as exc:
        return f"Maaf, {exc}."
    stem = file_stem(sheet.period.name)
    paths = (folder / f"{stem}.xlsx", folder / f"{stem}.png")
    try:
        await asyncio.to_thread(_write, folder, list(zip(paths, (workbook, chart), strict=True)))
    except OSError as exc:
        return texts.EXPORT_FAILED.format(path=exc.filename, reason=exc.strerror)
    return texts.EXPORT_DONE.format(period=sheet.period.name, workbook=paths[0], chart=paths[1])


def _write(folder: Path, files: Sequence[tuple[Path, bytes]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path, content in files:
        path.write_bytes(content)
