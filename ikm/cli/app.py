"""The `ikm` command: the composition root that builds settings, database and services once.

Database, settings and survey modules are imported inside the commands that use them: `ikm
score` and `--help` must not pay a second for SQLAlchemy and Alembic at start-up.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.accounts import account_app, invite_app
from ikm.cli.backup import backup, restore
from ikm.cli.follow_up import follow_up_app
from ikm.cli.history import history_app
from ikm.cli.indicators import indicator_app
from ikm.cli.language import HELP_OPTIONS, IkmGroup
from ikm.cli.outbox import outbox_app
from ikm.cli.performance import performance
from ikm.cli.publish import infographic, public_site
from ikm.cli.recap import recap
from ikm.cli.records import records_app
from ikm.cli.reminder import reminder
from ikm.cli.score import HELP, run_score
from ikm.cli.status import status
from ikm.cli.support import Failure, settings, with_database, with_services
from survey.dates import format_date, parse_date
from survey.people.roster_file import RosterFileError, read_roster, same_names

if TYPE_CHECKING:
    from ikm.settings import Settings
    from survey.people.roster import RosterChange
    from survey.services import Services

app = typer.Typer(
    cls=IkmGroup,  # Indonesian help and one-line errors for every command below it
    context_settings={"help_option_names": HELP_OPTIONS},
    help="ikm-bot: survei IKM dan indikator kinerja Sekretariat DPRD.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
roster_app = typer.Typer(help="Roster: orang yang dikenal bot.", no_args_is_help=True)
period_app = typer.Typer(help="Periode survei.", no_args_is_help=True)
db_app = typer.Typer(help="Basis data.", no_args_is_help=True)
app.add_typer(roster_app, name="roster")
app.add_typer(period_app, name="period")
app.add_typer(db_app, name="db")
app.add_typer(invite_app, name="invite")
app.add_typer(account_app, name="akun")
app.add_typer(indicator_app, name="indikator")
app.add_typer(records_app, name="records")
app.add_typer(history_app, name="riwayat")
app.add_typer(outbox_app, name="outbox")
app.add_typer(follow_up_app, name="tindaklanjut")
app.command("recap")(recap)
app.command("pengingat")(reminder)
app.command("status")(status)
app.command("kinerja")(performance)
app.command("infografis")(infographic)
app.command("publikasi")(public_site)
db_app.command("backup")(backup)
db_app.command("restore")(restore)


@app.command(
    "score",
    help=HELP + " Opsi: BERKAS [--bobot B] [--json]; `ikm score -h` untuk rinciannya.",
    add_help_option=False,
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def score(ctx: typer.Context) -> None:
    """Hand the arguments to `ikm score`'s own parser (see ikm/cli/score.py)."""
    run_score(ctx.args)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Terapkan migrasi skema basis data."""
    from ikm import migrate

    config = settings()
    migrate.upgrade(config.database_url, create_folder=config.database_folder_may_be_created)
    typer.echo("Skema basis data sudah terbaru.")


@app.command()
def run() -> None:
    """Migrasi basis data, lalu jalankan kanal yang dikonfigurasi (tanpa kanal: konsol demo)."""
    from ikm.runner import run_channels

    config = settings()
    code = with_database(
        run_channels, config.for_console_demo() if config.console_demo else config
    )
    if code:
        raise typer.Exit(code)


@roster_app.command("import")
def roster_import(
    berkas: Annotated[
        Path, typer.Argument(help="CSV (`,`/`;`) atau XLSX: nama, telepon, peran, bidang")
    ],
    dry_run: Annotated[
        bool, typer.Option("--uji-coba", "--dry-run", help="Tampilkan perubahan saja")
    ] = False,
) -> None:
    """Impor roster; semua baris sah atau tidak ada yang disimpan."""
    try:
        rows = read_roster(berkas, settings().extra_bidang)
    except RosterFileError as exc:
        raise Failure(f"Roster tidak diimpor: {exc}") from None

    async def work(
        services: Services, _c: Settings
    ) -> tuple[list[tuple[str, str]], list[RosterChange]]:
        on_roster = await services.roster.people(include_inactive=True)
        plan = await services.roster.import_rows(rows, dry_run=dry_run)
        return [(p.name, p.phone) for p in on_roster], plan

    on_roster, plan = with_services(work)
    for name, same, others in same_names(rows, on_roster):
        lines = [f"baris {r.row} ({r.phone})" for r in same]
        lines += [f"sudah di roster ({phone})" for phone in others]
        typer.echo(
            f"Peringatan: {len(lines)} orang bernama '{name}': {', '.join(lines)}; "
            "bedakan dengan nomor telepon."
        )
    for change in plan:
        detail = f" ({', '.join(change.fields)})" if change.fields else ""
        typer.echo(f"baris {change.row.row}: {change.kind.value}{detail} — {change.row.name}")
    counts = {k: sum(1 for c in plan if c.kind is k) for k in {c.kind for c in plan}}
    summary = ", ".join(f"{n} {k.value}" for k, n in sorted(counts.items()))
    verb = "Akan diimpor (uji coba, tidak disimpan)" if dry_run else "Diimpor"
    typer.echo(f"{verb}: {len(plan)} orang — {summary}.")


@roster_app.command("list")
def roster_list(
    semua: Annotated[bool, typer.Option("--semua", help="Termasuk yang nonaktif")] = False,
) -> None:
    """Tampilkan roster."""
    from ikm.cli.records_listing import aligned

    people = with_services(lambda s, _c: s.roster.people(include_inactive=semua))
    if people:
        rows = [("TELEPON", "PERAN", "BIDANG", "NAMA")] + [
            (p.phone, p.role.value, p.bidang or "-", p.name + ("" if p.active else " [nonaktif]"))
            for p in people
        ]
        for line in aligned(rows):
            typer.echo(line)
    typer.echo(f"{len(people)} orang.")


@roster_app.command("deactivate")
def roster_deactivate(telepon: str) -> None:
    """Nonaktifkan orang yang tidak lagi menjabat (riwayatnya tetap)."""
    person = with_services(lambda s, _c: s.roster.set_active(telepon, False))
    typer.echo(f"{person.name} dinonaktifkan.")


@roster_app.command("activate")
def roster_activate(telepon: str) -> None:
    """Aktifkan kembali orang di roster."""
    person = with_services(lambda s, _c: s.roster.set_active(telepon, True))
    typer.echo(f"{person.name} diaktifkan kembali.")


@period_app.command("open")
def period_open(
    nama: Annotated[str, typer.Argument(help="Nama periode, mis. 'Semester I 2026'")],
    mulai: Annotated[str | None, typer.Option(help="Tanggal mulai (bawaan: hari ini)")] = None,
    selesai: Annotated[str | None, typer.Option(help="Tanggal selesai")] = None,
) -> None:
    """Buka periode survei baru (paling banyak satu yang terbuka)."""
    config = settings()
    starts = parse_date(mulai) if mulai else _today(config)
    ends = parse_date(selesai) if selesai else None
    period = with_services(
        lambda s, c: s.periods.open(nama, version=c.questionnaire, starts_on=starts, ends_on=ends)
    )
    until = ""
    if period.ends_on:  # the end of that day where the secretariat is: WITA, or IKM_TIMEZONE's
        zone_name = datetime.combine(period.ends_on, time.max, config.zone).tzname()
        until = f" sampai akhir {format_date(period.ends_on)} ({zone_name})"
    verb = "dijadwalkan: dibuka" if period.state(_today(config)) == "terjadwal" else "dibuka"
    typer.echo(
        f"Periode '{period.name}' {verb} mulai {format_date(period.starts_on)}{until} "
        f"dengan kuesioner {period.questionnaire_version}."
    )


@period_app.command("close")
def period_close() -> None:
    """Tutup periode yang sedang terbuka."""
    period = with_services(lambda s, _c: s.periods.close())
    typer.echo(f"Periode '{period.name}' ditutup.")


@period_app.command("list")
def period_list() -> None:
    """Tampilkan semua periode."""
    from ikm.cli.records_listing import aligned

    periods = with_services(lambda s, _c: s.periods.list())
    today = _today(settings())
    rows = [("NAMA", "MULAI", "SELESAI", "STATUS", "MENGISI", "KUESIONER")] + [
        (
            p.name,
            format_date(p.starts_on),
            format_date(p.ends_on) if p.ends_on else "–",
            p.state(today).upper() if p.is_open else "ditutup",
            str(p.respondents).rjust(len("MENGISI")),
            p.questionnaire_version,
        )
        for p in periods
    ]
    for line in aligned(rows) if periods else []:
        typer.echo(line)
    if not periods:
        typer.echo("Belum ada periode. Buka dengan `ikm period open NAMA`.")


@period_app.command("belum")
def period_pending() -> None:
    """Anggota yang belum mengisi survei periode terbuka, urut nama (untuk dihubungi)."""
    from bot.chat.answers import pending_text

    typer.echo(pending_text(with_services(lambda s, _c: s.periods.not_answered())))


@app.command("report")
def report(
    keluaran: Annotated[
        Path,
        typer.Option("--keluaran", "--out", metavar="BERKAS", help="Berkas XLSX yang ditulis"),
    ],
    periode: Annotated[
        str | None,
        typer.Option("--periode", "--period", help="Nama periode (bawaan: yang terbuka/terakhir)"),
    ] = None,
    grafik: Annotated[
        Path | None,
        typer.Option("--grafik", metavar="BERKAS", help="Juga tulis grafik NRR per unsur (PNG)"),
    ] = None,
) -> None:
    """Tulis laporan IKM periode: XLSX berumus (Rekap, Data, Saran, Info), grafik PNG."""
    from ikm.cli.report import check_target, write_report

    config = settings()
    try:
        check_target(keluaran, ".xlsx")
        if grafik is not None:
            check_target(grafik, ".png")
    except ValueError as exc:
        raise Failure(str(exc)) from None
    sheet = with_services(lambda s, _c: s.results.period_sheet(periode))
    try:
        lines = write_report(sheet, datetime.now(config.zone), keluaran, grafik)
    except OSError as exc:
        raise Failure(f"berkas tidak dapat ditulis: {exc.filename}: {exc.strerror}") from None
    for line in lines:
        typer.echo(line)


def _today(config: Settings) -> date:
    return datetime.now(config.zone).date()
