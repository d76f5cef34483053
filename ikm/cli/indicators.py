"""`ikm indikator show` and `ikm indikator target set|list`: IK1–IK3 and their yearly targets.

Database, settings and survey modules load inside the commands, as in ikm/cli/app.py. A domain
error (a bad range, code, year or value) is one line on stderr and exit code 1.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ikm.cli.support import with_services

if TYPE_CHECKING:
    from datetime import date

    from ikm.settings import Settings
    from survey.indicators.ranges import DateRange
    from survey.indicators.service import IndicatorService
    from survey.services import Services

indicator_app = typer.Typer(help="Indikator kinerja IK1–IK3 dan targetnya.", no_args_is_help=True)
target_app = typer.Typer(help="Target tahunan indikator (2021–2026).", no_args_is_help=True)
indicator_app.add_typer(target_app, name="target")

T = TypeVar("T")


def _run(work: Callable[[IndicatorService, Services, Settings], Awaitable[T]]) -> T:
    """Run `work` with the indicator service; a domain error becomes one line and exit 1."""
    from survey.ports import DomainError

    try:
        return with_services(lambda s, c: work(s.indicators, s, c))
    except DomainError as exc:
        typer.echo(f"Gagal: {exc}", err=True)
        raise typer.Exit(1) from None


def pick_range(
    today: date, bulan: str | None, tahun: int | None, dari: str | None, sampai: str | None
) -> DateRange:
    from survey.dates import parse_date
    from survey.indicators.ranges import DateRange, parse_month
    from survey.ports import DomainError

    chosen = [bulan is not None, tahun is not None, dari is not None or sampai is not None]
    if sum(chosen) > 1:
        raise DomainError("pilih salah satu: --bulan, --tahun, atau --dari/--sampai")
    if bulan is not None:
        return parse_month(bulan)
    if tahun is not None:
        return DateRange.year(tahun)
    if sampai is not None and dari is None:
        raise DomainError("--sampai perlu --dari")
    if dari is not None:
        return DateRange(parse_date(dari), parse_date(sampai) if sampai else today)
    return DateRange.year_to_date(today)


@indicator_app.command("show")
def show(
    bulan: Annotated[str | None, typer.Option("--bulan", help="Bulan, mis. 2026-10")] = None,
    tahun: Annotated[int | None, typer.Option("--tahun", help="Tahun, mis. 2026")] = None,
    dari: Annotated[str | None, typer.Option("--dari", help="Tanggal awal")] = None,
    sampai: Annotated[str | None, typer.Option("--sampai", help="Tanggal akhir")] = None,
) -> None:
    """Capaian IKU dan IK1–IK3 (bawaan: tahun berjalan s.d. hari ini)."""
    from bot.chat.indicator_answers import indicator_answer

    async def work(indicators: IndicatorService, services: Services, _c: Settings) -> str:
        today = indicators.today()
        span = pick_range(today, bulan, tahun, dari, sampai)
        return await indicator_answer(services, None, span, today)

    typer.echo(_run(work))


@target_app.command("set")
def target_set(
    kode: Annotated[str, typer.Argument(help="IKU, IK1, IK2 atau IK3")],
    tahun: Annotated[int, typer.Argument(help="Tahun 2021–2026")],
    nilai: Annotated[str, typer.Argument(help="IK: persen 0–100; IKU: skor IKM 25–100")],
) -> None:
    """Tetapkan (atau ganti) target indikator untuk satu tahun."""

    async def work(indicators: IndicatorService, _s: Services, _c: Settings) -> str:
        target = await indicators.set_target(kode, tahun, nilai)
        return f"Target {target.code} tahun {target.year}: {_shown(target.code, target.value)}."

    typer.echo(_run(work))


@target_app.command("list")
def target_list(
    tahun: Annotated[int | None, typer.Argument(help="Tahun (bawaan: tahun ini)")] = None,
) -> None:
    """Tampilkan target keempat indikator untuk satu tahun."""
    from survey.indicators.definitions import definitions

    async def work(indicators: IndicatorService, _s: Services, _c: Settings) -> list[str]:
        year = tahun if tahun is not None else indicators.today().year
        found = await indicators.targets(year)
        names: dict[str, str] = {i.code: i.short_name for i in definitions().indicators}
        return [f"Target tahun {year}:"] + [
            f"{t.code:<4} {_shown(t.code, t.value):<24} {names[t.code]}" for t in found
        ]

    for line in _run(work):
        typer.echo(line)


def _shown(code: str, value: Decimal | None) -> str:
    from scoring.indicators import percent_text
    from scoring.numbers import format_id

    if value is None:
        return "target belum ditetapkan"
    if code == "IKU":
        return f"{format_id(value.quantize(Decimal('0.01')))} (skor IKM)"
    return percent_text(value)
