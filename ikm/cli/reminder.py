"""`ikm pengingat --uji-coba|--kirim`: the weekly reminder of records due, by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import Failure, with_services

if TYPE_CHECKING:
    from ikm.settings import Settings
    from survey.services import Services


def reminder(
    dry_run: Annotated[
        bool, typer.Option("--uji-coba", "--dry-run", help="Tampilkan saja")
    ] = False,
    kirim: Annotated[bool, typer.Option("--kirim", help="Antrekan sekarang")] = False,
) -> None:
    """Pengingat mingguan pencatatan (kabid, Sekretaris, staf yang ikut): tampilkan siapa
    menerima apa hari ini, atau antrekan sekarang di outbox (sekali per pekan)."""

    if dry_run == kirim:
        raise Failure("pilih salah satu: --uji-coba (tampilkan) atau --kirim (antrekan)")

    async def work(services: Services, _settings: Settings) -> list[str]:
        from ikm.cli.recap import queued_text
        from ikm.scheduling import weekly_reminder
        from scheduler.outbox import Outbox

        weekly = weekly_reminder(services, Outbox(services.db, services.clock))
        now = services.clock()
        if dry_run:
            plan = await weekly.plan(now.astimezone(services.zone).date())
            return [
                f"== {d.person.name} ({d.person.role.value})\n{c.body}\n"
                + "\n".join(f"  [{i}] {label}" for i, (label, _) in enumerate(c.buttons, 1))
                for d, c in plan
            ]
        queued = await weekly.queue(now)
        return [
            f"{d.person.name}: "
            + await queued_text(services, d.person.id, new, "sudah ada di outbox pekan ini")
            for d, new in queued
        ]

    lines = with_services(work)
    typer.echo("\n\n".join(lines) if lines else "Tidak ada yang perlu diingatkan hari ini.")
