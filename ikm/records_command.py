"""`ikm records import` and `ikm records log`: the activity records behind IK1–IK3."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ikm.settings import Settings
    from survey.records import AuditEntry
    from survey.records_import import ImportReport
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
    file: Annotated[Path, typer.Argument(help="Berkas CSV atau XLSX")],
    jenis: Annotated[str, typer.Option("--jenis", help="pelatihan, tugas atau rapat")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Tampilkan perubahan saja")] = False,
) -> None:
    from ikm.cli import Failure, with_services
    from survey.records_import import RecordFileError, check_kind, import_records

    kind = check_kind(jenis)

    async def work(services: Services, config: Settings) -> ImportReport:
        roster = services.roster
        return await import_records(
            roster.db, kind, file, dry_run=dry_run, clock=roster.clock, zone=config.zone
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


@records_app.command("log")
def records_log(
    jumlah: Annotated[int, typer.Option("--jumlah", min=1, help="Banyaknya baris")] = 50,
) -> None:
    """Tampilkan log perubahan catatan, terbaru dulu (waktu WITA)."""
    from ikm.cli import with_services
    from survey.records import RecordService

    async def work(services: Services, config: Settings) -> list[str]:
        records = RecordService(services.roster.db, services.roster.clock, zone=config.zone)
        return [log_line(entry, config) for entry in await records.log(limit=jumlah)]

    lines = with_services(work)
    for line in lines:
        typer.echo(line)
    if not lines:
        typer.echo("Belum ada perubahan catatan.")


def log_line(entry: AuditEntry, config: Settings) -> str:
    """One audit entry: time in the local zone, who, what, which record, before → after."""
    from survey.records_audit import describe

    at = entry.at.astimezone(config.zone).strftime("%d-%m-%Y %H:%M %Z")
    record = f"{entry.entity} #{entry.entity_id}"
    return f"#{entry.id:<4} {at}  {entry.actor}  {entry.action.value} {record}  {describe(entry)}"
