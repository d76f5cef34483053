"""`ikm records import`, `list`, `hapus`, `ubah` and `log`: the activity records behind IK1–IK3."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import Failure, with_services

if TYPE_CHECKING:
    from ikm.settings import Settings
    from survey.indicators.ranges import DateRange
    from survey.records.importing.service import ImportReport
    from survey.records.service import AuditEntry
    from survey.services import Services

IMPORT_HELP = """Impor catatan dari CSV atau XLSX; semua baris sah atau tidak ada yang disimpan.

\b
Kolom per jenis (tanggal: 2026-01-05, 05/01/2026 atau 5 Januari 2026):
pelatihan: pelatihan, mulai, selesai, penyelenggara, anggota
tugas:     tugas, jenis, bidang, jatuh_tempo, laporan_diterima, penerima
rapat:     agenda, rencana, dilaksanakan, sesuai_standar, catatan

\b
pelatihan: satu baris per peserta; anggota = nama di roster;
           penyelenggara boleh kosong.
tugas:     laporan_diterima dan penerima boleh kosong (keduanya).
rapat:     dilaksanakan boleh kosong; sesuai_standar ya/tidak; catatan =
           butir yang tidak terpenuhi, dipisah ';'.
"""

records_app = typer.Typer(
    help="Catatan kegiatan IK1–IK3: pelatihan, tugas, rapat Raperda.", no_args_is_help=True
)


@records_app.command("import", help=IMPORT_HELP)
def records_import(
    berkas: Annotated[Path, typer.Argument(help="Berkas CSV atau XLSX")],
    jenis: Annotated[str, typer.Option("--jenis", help="pelatihan, tugas atau rapat")],
    dry_run: Annotated[
        bool, typer.Option("--uji-coba", "--dry-run", help="Tampilkan perubahan saja")
    ] = False,
) -> None:
    from survey.records.importing.service import RecordFileError, check_kind

    kind = check_kind(jenis)

    async def work(services: Services, config: Settings) -> ImportReport:
        return await services.records.import_file(
            kind, berkas, dry_run=dry_run, extra_bidang=config.extra_bidang
        )

    try:
        report = with_services(work)
    except RecordFileError as exc:
        raise Failure(f"Catatan {kind} tidak diimpor (tidak ada yang disimpan):\n{exc}") from None
    for line in report.lines:
        typer.echo(line)
    summary = ", ".join(f"{n} {label}" for label, n in report.counts.items())
    verb = "Akan diimpor (uji coba, tidak disimpan)" if dry_run else "Diimpor"
    typer.echo(f"{verb}: {len(report.lines)} baris {kind} — {summary}.")


LIST_HELP = """Daftar catatan satu jenis dengan nomornya (P12, T3, R5) untuk `hapus`/`ubah`.

\b
Rentang (bawaan: tahun berjalan): pelatihan menurut tanggal mulai, tugas menurut
jatuh tempo, rapat menurut tanggal rencana.
"""
CHANGE_HELP = """Ubah kolom sebuah catatan: KOLOM=NILAI, nama kolom seperti pada berkas impor.

\b
pelatihan (P…): pelatihan, mulai, selesai, penyelenggara
tugas (T…):     tugas, jenis, bidang, jatuh_tempo, laporan_diterima, penerima
                (laporan_diterima= penerima= kosong: laporan dihapus)
rapat (R…):     agenda, rencana, dilaksanakan, sesuai_standar, catatan
Contoh: ikm records ubah T3 laporan_diterima=2026-02-01 penerima="Rahmah"
"""


@records_app.command("list", help=LIST_HELP)
def records_list(
    jenis: Annotated[str, typer.Option("--jenis", help="pelatihan, tugas atau rapat")],
    bulan: Annotated[str | None, typer.Option("--bulan", help="Bulan, mis. 2026-10")] = None,
    tahun: Annotated[int | None, typer.Option("--tahun", help="Tahun, mis. 2026")] = None,
    dari: Annotated[str | None, typer.Option("--dari", help="Tanggal awal")] = None,
    sampai: Annotated[str | None, typer.Option("--sampai", help="Tanggal akhir")] = None,
) -> None:
    from ikm.cli.indicators import pick_range
    from ikm.cli.records_listing import listing
    from survey.indicators.ranges import DateRange
    from survey.records.importing.service import check_kind

    kind = check_kind(jenis)

    async def work(services: Services, _c: Settings) -> tuple[DateRange, list[str]]:
        records = services.records
        today = records.clock().astimezone(records.zone).date()
        span = pick_range(today, bulan, tahun, dari, sampai)
        if (bulan, tahun, dari, sampai) == (None, None, None, None):
            span = DateRange.year(today.year)  # plans lie ahead: the whole year
        return span, await listing(records, kind, span)

    span, lines = with_services(work)
    typer.echo(f"Catatan {kind}, {span.label()}:")
    for line in lines:
        typer.echo(line)
    if len(lines) <= 1:
        typer.echo(f"Tidak ada catatan {kind} dalam rentang itu.")


@records_app.command("hapus")
def records_delete(
    nomor: Annotated[str, typer.Argument(help="Nomor catatan dari `ikm records list`, mis. P12")],
) -> None:
    """Hapus sebuah catatan (pelatihan beserta pesertanya, tugas beserta laporannya)."""

    async def work(services: Services, _c: Settings) -> int:
        return await services.records.delete("cli", nomor)

    count = with_services(work)
    typer.echo(f"Catatan {nomor.strip().upper()} dihapus ({count} baris; lihat ikm records log).")


@records_app.command("ubah", help=CHANGE_HELP)
def records_change(
    nomor: Annotated[str, typer.Argument(help="Nomor catatan dari `ikm records list`, mis. T3")],
    kolom: Annotated[list[str], typer.Argument(help="KOLOM=NILAI, satu atau lebih")],
) -> None:

    values: dict[str, str] = {}
    for pair in kolom:
        name, sign, value = pair.partition("=")
        if not sign or not name.strip():
            raise Failure(f"'{pair}' bukan KOLOM=NILAI (contoh: mulai=2026-01-05)")
        values[name.strip().casefold()] = value

    async def work(services: Services, config: Settings) -> bool:
        return await services.records.change(
            "cli", nomor, values, bidang_extra=config.extra_bidang
        )

    changed = with_services(work)
    shown = nomor.strip().upper()
    typer.echo(f"Catatan {shown} diubah." if changed else f"Catatan {shown} sudah begitu.")


@records_app.command("log")
def records_log(
    jumlah: Annotated[int, typer.Option("--jumlah", min=1, help="Banyaknya baris")] = 50,
) -> None:
    """Tampilkan log perubahan catatan, terbaru dulu (waktu setempat, IKM_TIMEZONE)."""

    async def work(services: Services, config: Settings) -> list[str]:
        return [log_line(entry, config) for entry in await services.records.log(limit=jumlah)]

    lines = with_services(work)
    for line in lines:
        typer.echo(line)
    if not lines:
        typer.echo("Belum ada perubahan catatan.")


def log_line(entry: AuditEntry, config: Settings) -> str:
    """One audit entry: when (local time, dates as everywhere else), who, what, the record by
    the number `ikm records list` shows, before → after."""
    from survey.dates import format_date
    from survey.records.audit import describe, record_label

    at = entry.at.astimezone(config.zone)
    when = f"{format_date(at.date())} {at:%H:%M} {at.tzname()}"
    return f"{when}  {entry.actor}  {entry.action.value} {record_label(entry)}  {describe(entry)}"
