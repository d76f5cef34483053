"""`ikm riwayat impor FILE` and `ikm riwayat list`: past results kept on paper, imported."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import Failure, with_services

if TYPE_CHECKING:
    from ikm.settings import Settings
    from survey.indicators.history import HistoryEntry, HistoryReport
    from survey.services import Services

IMPORT_HELP = """Impor hasil tahun-tahun lalu dari CSV atau XLSX; semua baris sah atau tidak ada
yang disimpan. Baris dengan indikator, tahun dan periode yang sama diganti.

\b
Kolom: indikator (IKU, IK1, IK2, IK3), tahun (2021–2026), periode (kosong = setahun),
nilai (IKU: nilai konversi 25–100; IK: persen), pembilang dan penyebut (IK),
responden dan 'nrr <unsur>' mis. 'nrr waktu' (IKU), target.
"""

history_app = typer.Typer(
    help="Riwayat capaian 2021–2025 (impor dari berkas sekretariat).", no_args_is_help=True
)


@history_app.command("impor", help=IMPORT_HELP)
def history_import(
    berkas: Annotated[Path, typer.Argument(help="Berkas CSV atau XLSX")],
) -> None:
    from survey.indicators.history import import_history
    from survey.records.importing.file import RecordFileError

    async def work(services: Services, _config: Settings) -> HistoryReport:
        return await import_history(services.db, berkas, clock=services.clock)

    try:
        report = with_services(work)
    except RecordFileError as exc:
        raise Failure(f"Riwayat tidak diimpor (tidak ada yang disimpan):\n{exc}") from None
    for warning in report.warnings:
        typer.echo(warning)
    typer.echo(f"Diimpor: {report.stored} baris riwayat dari {berkas.name} (ditandai impor).")


@history_app.command("list")
def history_list() -> None:
    """Tampilkan riwayat yang diimpor, per indikator dan tahun."""
    from survey.indicators.history import history

    async def work(services: Services, config: Settings) -> list[str]:
        return [history_line(e, config) for e in await history(services.db)]

    lines = with_services(work)
    for line in lines or ["Belum ada riwayat yang diimpor."]:
        typer.echo(line)


def history_line(entry: HistoryEntry, config: Settings) -> str:
    """ "IK1 2023: 84,00% (21/25) · target 80,00% · impor dari lkjip-2023.xlsx, 2026-12-01"."""
    from scoring.numbers import format_id
    from survey.indicators.history import period_label, value_text

    head = f"{entry.code} {period_label(entry)}: {value_text(entry.code, entry.value)}"
    if entry.numerator is not None:
        head += f" ({entry.numerator}/{entry.denominator})"
    parts = [head]
    if entry.respondents is not None:
        parts.append(f"{entry.respondents} responden")
    if entry.nrr:
        parts.append("NRR " + ", ".join(f"{k} {format_id(v)}" for k, v in entry.nrr.items()))
    if entry.target is not None:
        parts.append(f"target {value_text(entry.code, entry.target)}")
    day = entry.imported_at.astimezone(config.zone).date().isoformat()
    parts.append(f"impor dari {entry.source}, {day}")
    return " · ".join(parts)
