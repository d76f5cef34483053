"""`ikm recap --bulan 2026-10 --uji-coba|--kirim`: the monthly recap by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import Failure, with_services

if TYPE_CHECKING:
    from datetime import date

    from ikm.settings import Settings
    from scheduler.jobs import Chart, Jobs
    from survey.services import Services


def recap(
    bulan: Annotated[str, typer.Option("--bulan", help="Bulan, mis. 2026-10")],
    dry_run: Annotated[
        bool, typer.Option("--uji-coba", "--dry-run", help="Tampilkan saja")
    ] = False,
    kirim: Annotated[bool, typer.Option("--kirim", help="Antrekan sekarang")] = False,
) -> None:
    """Rekap bulanan untuk Kepala Bidang dan Sekretaris: tampilkan, atau antrekan di outbox."""

    if dry_run == kirim:
        raise Failure("pilih salah satu: --uji-coba (tampilkan) atau --kirim (antrekan)")

    async def work(services: Services, _settings: Settings) -> list[str]:
        from bot.chat.recap import month_of
        from ikm.scheduling import recap_wordings
        from scheduler.jobs import Jobs
        from scheduler.outbox import Outbox

        month = month_of(bulan)
        outbox = Outbox(services.db, services.clock)
        jobs = Jobs(services, outbox, recap_wordings(services), max_reminders=0)
        if dry_run:
            return await _preview(jobs, month)
        queued = await jobs.queue_recaps(month)
        return [
            f"{p.name}: {await queued_text(services, p.id, new, 'sudah ada di outbox')}"
            for p, new in queued
        ]

    lines = with_services(work)
    typer.echo(
        "\n\n".join(lines) if lines else "Tidak ada Kepala Bidang atau Sekretaris di roster."
    )


async def _preview(jobs: Jobs, month: date) -> list[str]:
    """Each recap as it would be sent, and whether a chart goes with it."""
    return [
        f"== {p.name} ({p.role.value})\n{body}\n\n{_chart_line(await jobs.recap_chart(p, month))}"
        for p, body in await jobs.recap_plan(month)
    ]


def _chart_line(chart: Chart | None) -> str:
    """What the dry run says about a recap's chart."""
    if chart is None:
        return "[tanpa grafik: belum ada nilai indikator]"
    return f"[+ grafik {chart.name}, {len(chart.png) // 1024} KB: {chart.caption}]"


async def queued_text(services: Services, person_id: int, new: bool, already: str) -> str:
    """What queuing did for one person, honest about someone with no chat account yet."""
    if not new:
        return already
    if await services.accounts.reachable(person_id):
        return "diantrekan"
    return (
        "diantrekan, tetapi tidak dapat terkirim: belum punya akun Telegram/WhatsApp "
        "(setelah ia mendaftar: ikm outbox ulang NOMOR)"
    )
