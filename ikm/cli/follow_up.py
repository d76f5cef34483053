"""`ikm tindaklanjut tambah`, `list` and `ubah`: the follow-up plan of the IKM results."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import Failure, with_services

if TYPE_CHECKING:
    from ikm.settings import Settings
    from survey.records.follow_up.model import FollowUp
    from survey.services import Services

follow_up_app = typer.Typer(
    help="Tindak lanjut hasil IKM: tindakan per unsur, penanggung jawab, tenggat, status.",
    no_args_is_help=True,
)


def line(action: FollowUp) -> str:
    """One action on one line: number, period, unsur, bidang, due date, status, what, note."""
    from survey.dates import format_date

    text = (
        f"{action.number:<5} {action.period} · {action.element_name} · {action.bidang} · "
        f"tenggat {format_date(action.due_on)} · {action.status} · {action.action}"
    )
    return text + (f" (catatan: {action.note})" if action.note else "")


@follow_up_app.command("tambah")
def follow_up_add(
    unsur: Annotated[str, typer.Option(help="Kode atau nama unsur (mis. sarana)")],
    tindakan: Annotated[str, typer.Option(help="Apa yang akan dilakukan")],
    bidang: Annotated[str, typer.Option(help="Bidang penanggung jawab")],
    tenggat: Annotated[str, typer.Option(help="Tenggat: 2027-01-31, 31/01/2027, ...")],
    periode: Annotated[
        str | None, typer.Option(help="Periode (bawaan: terakhir yang hasilnya tampil)")
    ] = None,
) -> None:
    """Tambah tindakan untuk satu unsur dari hasil IKM yang sudah ditampilkan."""
    from survey.dates import parse_date

    due = parse_date(tenggat)

    async def work(services: Services, _c: Settings) -> FollowUp:
        return await services.follow_ups.add(
            "cli", period=periode, element=unsur, action=tindakan, bidang=bidang, due_on=due
        )

    typer.echo("Ditambahkan: " + line(with_services(work)))


@follow_up_app.command("list")
def follow_up_list(
    periode: Annotated[str | None, typer.Option(help="Hanya periode ini")] = None,
) -> None:
    """Daftar tindak lanjut (semua periode, atau satu), dan unsur terlemah yang belum punya."""

    async def work(services: Services, _c: Settings) -> list[str]:
        plans = services.follow_ups
        if periode is None:
            actions = await plans.every()
        else:
            actions = list((await plans.plan(periode)).actions)
        lines = [line(a) for a in actions] or ["Belum ada tindak lanjut tercatat."]
        return lines + await _gaps(services, periode)

    typer.echo("\n".join(with_services(work)))


async def _gaps(services: Services, period: str | None) -> list[str]:
    """The weakest unsur of the period (default: latest shown) that no action names yet."""
    from survey.ports import DomainError
    from survey.questionnaire.model import load_questionnaire

    try:
        if period is None:  # the latest with shown results; none shown: nothing to name
            period = (await services.follow_ups.plan()).period
        answer = await services.results.period_result(period)
    except DomainError:
        return []
    if answer.result is None:
        return []
    gaps = await services.follow_ups.unattended(answer.period.name, answer.result.weakest)
    if not gaps:
        return []
    names = {
        e.code: e.name for e in load_questionnaire(answer.period.questionnaire_version).elements
    }
    listed = ", ".join(names.get(c, c) for c in gaps)
    return [f"Unsur terlemah tanpa tindak lanjut (periode {answer.period.name}): {listed}."]


@follow_up_app.command("ubah")
def follow_up_change(
    nomor: Annotated[str, typer.Argument(help="Nomor tindak lanjut, mis. TL3")],
    status: Annotated[str, typer.Option(help="rencana, berjalan atau selesai")],
    catatan: Annotated[str | None, typer.Option(help="Catatan singkat")] = None,
) -> None:
    """Ubah status (dan catatan) satu tindak lanjut."""
    from survey.records.follow_up.model import FollowUpStatus, parse_number

    try:
        number = parse_number(nomor)
        chosen = FollowUpStatus(status.strip().lower())
    except ValueError:
        raise Failure(
            f"nomor '{nomor}' atau status '{status}' tidak sah (status: rencana, berjalan, "
            "selesai; nomor: TL3)"
        ) from None

    async def work(services: Services, _c: Settings) -> FollowUp:
        return await services.follow_ups.change("cli", number, status=chosen, note=catatan)

    typer.echo("Diubah: " + line(with_services(work)))
