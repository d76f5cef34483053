"""`ikm kinerja`: the LKjIP Pengukuran Kinerja of a year, printed and written as a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import Failure, with_services

if TYPE_CHECKING:
    from ikm.settings import Settings
    from scoring.performance import IndicatorTrend
    from survey.services import Services


def performance(
    tahun: Annotated[
        int | None, typer.Option("--tahun", help="Tahun 2021–2026 (bawaan: tahun ini)")
    ] = None,
    keluaran: Annotated[
        Path | None,
        typer.Option(
            "--keluaran",
            "--out",
            metavar="BERKAS",
            help="Berkas XLSX yang ditulis (rumus capaian)",
        ),
    ] = None,
) -> None:
    """Pengukuran Kinerja IKU dan IK1–IK3: target, realisasi, capaian, tren 2021–2026."""
    from bot.chat.performance_answer import performance_text
    from ikm.cli.report import check_target
    from survey.indicators.performance import performance_workbook
    from survey.indicators.targets import check_year
    from survey.periods.report import write_private
    from survey.ports import DomainError

    if keluaran is not None:
        try:
            check_target(keluaran, ".xlsx")
        except ValueError as exc:
            raise Failure(str(exc)) from None

    async def work(services: Services, _c: Settings) -> tuple[int, list[IndicatorTrend]]:
        year = tahun if tahun is not None else services.indicators.today().year
        check_year(year)
        return year, await services.performance.trends()

    try:
        year, trends = with_services(work)
    except DomainError as exc:
        raise Failure(str(exc)) from None
    typer.echo(performance_text(trends, year))
    if keluaran is None:
        return
    try:
        write_private(keluaran, performance_workbook(trends, year))
    except OSError as exc:
        raise Failure(f"berkas tidak dapat ditulis: {exc.filename}: {exc.strerror}") from None
    typer.echo(
        f"Berkas ditulis: {keluaran} (lembar Pengukuran Kinerja, Tren 2021-2026, Sumber Data)."
    )
