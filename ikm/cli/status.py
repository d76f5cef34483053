"""`ikm status`: what `/healthz` says, in Indonesian, one line per item; non-zero when unhealthy.

It reads the database only (no migration, no chat API): the scheduler's and the channels'
heartbeats that running `ikm run` processes write, and the outbox.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import typer

from ikm.cli.support import settings

if TYPE_CHECKING:  # scheduler.health loads SQLAlchemy: only when the command runs
    from scheduler.health import Health, OutboxHealth

NAMES = {"telegram": "Telegram", "whatsapp": "WhatsApp"}


def status() -> None:
    """Kesehatan bot: basis data, penjadwal, antrean pesan, kanal; gagal bila tidak sehat."""
    from ikm.db import Database
    from scheduler.health import Heartbeats

    config = settings()

    async def look() -> Health:
        db = Database.from_url(config.database_url)
        try:
            return await Heartbeats(db).check(configured=config.channels)
        finally:
            await db.dispose()

    health = asyncio.run(look())
    for line in lines(health):
        typer.echo(line)
    if not health.healthy:
        raise typer.Exit(1)


def lines(health: Health) -> list[str]:
    """One Indonesian line per item, the verdict last."""
    from scheduler.health import CHANNEL_STALE

    if health.database:
        found = ["Basis data: terjangkau"]
    else:
        found = [f"Basis data: TIDAK terjangkau ({health.database_error})"]
    found.append("Penjadwal: " + _scheduler(health))
    found.append("Antrean pesan: " + _outbox(health.outbox))
    for name, running in sorted(health.channels.items()):
        shown = (
            "berjalan"
            if running
            else f"TIDAK berjalan (tanpa detak {_seconds(CHANNEL_STALE.total_seconds())} terakhir)"
        )
        found.append(f"{NAMES.get(name, name)}: {shown}")
    if not health.channels:
        found.append("Kanal: tidak ada yang dikonfigurasi (konsol saja)")
    found.append("Status: SEHAT" if health.healthy else "Status: TIDAK SEHAT")
    return found


def _scheduler(health: Health) -> str:
    from scheduler.health import SCHEDULER_STALE

    age = health.scheduler_age_seconds
    if age is None:
        return "tidak diketahui" if not health.database else "belum pernah berdetak"
    stale = age > SCHEDULER_STALE.total_seconds()
    return f"detak terakhir {_seconds(age)} lalu" + (" (MACET)" if stale else "")


def _outbox(outbox: OutboxHealth | None) -> str:
    if outbox is None:
        return "tidak diketahui"
    text = f"{outbox.backlog} menunggu ({outbox.retrying} dicoba ulang)"
    if outbox.oldest_due_seconds is not None:
        text += f", terlama {_seconds(outbox.oldest_due_seconds)}"
        text += " (MACET)" if outbox.stuck else ""
    text += f"; {outbox.failed_24h} gagal dalam 24 jam"
    if outbox.last_error:
        text += f" (terakhir: {outbox.last_error[:120]})"
    return text


def _seconds(seconds: float) -> str:
    whole = round(seconds)
    if whole < 120:
        return f"{whole} detik"
    if whole < 7200:
        return f"{whole // 60} menit"
    return f"{whole // 3600} jam"
