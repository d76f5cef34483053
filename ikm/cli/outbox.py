"""`ikm outbox list` and `ikm outbox ulang`: what the scheduler sent, failed or still holds."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import with_services

if TYPE_CHECKING:
    from ikm.settings import Settings
    from scheduler.outbox_admin import Message
    from survey.services import Services

outbox_app = typer.Typer(
    help="Kotak keluar: pesan terjadwal (pengingat, rekap).", no_args_is_help=True
)

WHEN = {"menunggu": "jadwal", "dikirim": "sewa s.d.", "terkirim": "pada", "gagal": "pada"}


@outbox_app.command("list")
def outbox_list(
    gagal: Annotated[bool, typer.Option("--gagal", help="Hanya pesan yang gagal")] = False,
    jumlah: Annotated[int, typer.Option("--jumlah", min=1, help="Paling banyak N pesan")] = 50,
) -> None:
    """Pesan terbaru di kotak keluar: nomor, jenis, penerima, status, percobaan, galat."""
    from scheduler.outbox_admin import OutboxAdmin

    async def read(services: Services, config: Settings) -> tuple[list[Message], tzinfo]:
        found = await OutboxAdmin(services.db).messages(failed_only=gagal, limit=jumlah)
        return found, config.zone

    messages, zone = with_services(read)
    for message in messages:
        typer.echo(line(message, zone))
    what = "pesan gagal" if gagal else "pesan"
    typer.echo(f"{len(messages)} {what}." if messages else f"Tidak ada {what}.")


@outbox_app.command("ulang")
def outbox_requeue(
    nomor: Annotated[int, typer.Argument(help="Nomor pesan gagal (lihat `ikm outbox list`)")],
) -> None:
    """Antrekan lagi pesan yang gagal; dikirim pada putaran berikutnya bot yang berjalan."""
    from scheduler.outbox_admin import OutboxAdmin

    message = with_services(lambda s, _c: OutboxAdmin(s.db).requeue(nomor))
    typer.echo(
        f"Pesan {message.id} ({message.kind}) untuk {message.recipient} diantrekan lagi; "
        "dikirim oleh bot yang sedang berjalan."
    )


def line(message: Message, zone: tzinfo) -> str:
    """One message as a line (and its last error on a second, indented)."""
    status = message.status.value
    if message.form and message.status.value == "terkirim":
        status += f" ({message.form})"
    picture = " +gambar" if message.has_picture else ""
    text = (
        f"{message.id:>5}  {message.kind + picture:<22} {message.recipient[:24]:<24} "
        f"{status:<28} {message.attempts}x  dibuat {_shown(message.created_at, zone)}, "
        f"{WHEN[message.status.value]} {_shown(message.at, zone)}"
    )
    if message.last_error:
        text += f"\n       galat terakhir: {message.last_error}"
    return text


def _shown(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%d-%m-%Y %H:%M %Z")
