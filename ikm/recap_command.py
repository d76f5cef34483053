"""`ikm recap --bulan 2026-10 --dry-run|--kirim`: the monthly recap by hand."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ikm.settings import Settings
    from survey.services import Services


def recap(
    bulan: Annotated[str, typer.Option("--bulan", help="Bulan, mis. 2026-10")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Tampilkan saja")] = False,
    kirim: Annotated[bool, typer.Option("--kirim", help="Antrekan sekarang")] = False,
) -> None:
    """Rekap bulanan untuk Kepala Bidang dan Sekretaris: tampilkan, atau antrekan di outbox."""
    from ikm.cli import Failure, with_services

    if dry_run == kirim:
        raise Failure("pilih salah satu: --dry-run (tampilkan) atau --kirim (antrekan)")

    async def work(services: Services, settings: Settings) -> list[str]:
        from bot.recap import month_of, recap_wording
        from ikm.scheduling import WORDING
        from scheduler.jobs import Jobs
        from scheduler.outbox import Outbox
        from survey.tables import utcnow

        month = month_of(bulan)
        wording = replace(WORDING, recap=recap_wording(services, settings.zone, utcnow))
        outbox = Outbox(services.roster.db, utcnow)
        jobs = Jobs(services, outbox, wording, zone=settings.zone, max_reminders=0)
        if dry_run:
            return [
                f"== {p.name} ({p.role.value})\n{body}" for p, body in await jobs.recap_plan(month)
            ]
        queued = await jobs.queue_recaps(month)
        return [f"{p.name}: {'diantrekan' if new else 'sudah ada di outbox'}" for p, new in queued]

    lines = with_services(work)
    typer.echo(
        "\n\n".join(lines) if lines else "Tidak ada Kepala Bidang atau Sekretaris di roster."
    )
