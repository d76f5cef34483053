"""`ikm infografis`: the ready-to-post image of a period's released results, with its text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import Failure, with_services

if TYPE_CHECKING:
    from ikm.settings import Settings
    from scoring.infographic import Format, Infographic
    from survey.services import Services


def infographic(
    out: Annotated[Path, typer.Option("--keluaran", "--out", help="Berkas PNG yang ditulis")],
    periode: Annotated[
        str | None, typer.Option(help="Periode (bawaan: terakhir yang hasilnya tampil)")
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", help="a4 (potret, 1240×1754) atau persegi (1080×1080)")
    ] = "a4",
) -> None:
    """Infografis hasil SKM (PNG) dan teksnya (JSON di sebelahnya), dari jawaban yang dirilis."""
    import json

    from ikm.cli.report import check_target
    from scoring.infographic import as_data
    from scoring.infographic_draw import render_infographic
    from survey.periods.report import write_private

    if format_ not in ("a4", "persegi"):
        raise Failure(f"format '{format_}' tidak dikenal (a4 atau persegi)")
    try:
        check_target(out, ".png")
    except ValueError as exc:
        raise Failure(str(exc)) from None

    async def work(services: Services, _c: Settings) -> Infographic:
        today = services.clock().astimezone(services.zone).date()
        return await services.publication.infographic(periode, today)

    fmt: Format = "a4" if format_ == "a4" else "persegi"
    info = with_services(work)
    png, texts = render_infographic(info, fmt)
    write_private(out, png)
    data = json.dumps(as_data(info, fmt, texts), ensure_ascii=False, indent=2)
    text_file = out.with_suffix(".json")
    write_private(text_file, data.encode("utf-8"))
    typer.echo(f"Infografis periode {info.period}: {out} (teksnya: {text_file})")


def public_site(
    out: Annotated[Path, typer.Option("--keluaran", "--out", help="Folder situs yang ditulis")],
) -> None:
    """Situs statis hasil IKM untuk situs web Sekretariat (HTML, CSS, gambar; tanpa skrip)."""
    from scoring.infographic import action_text
    from scoring.infographic_draw import render_infographic
    from scoring.public_page import STYLE, PageAction, PageHistory, render_page
    from survey.publication.service import Site, site

    if out.exists() and not out.is_dir():
        raise Failure(f"{out} bukan folder")
    if not out.parent.is_dir():
        raise Failure(f"folder {out.parent} tidak ada")

    async def work(services: Services, _c: Settings) -> tuple[Site, bytes | None]:
        today = services.clock().astimezone(services.zone).date()
        return await site(services.publication, today), services.publication.institution.logo

    data, logo = with_services(work)
    out.mkdir(exist_ok=True)
    history = [
        PageHistory(h.period, h.score, h.grade, h.label, h.respondents) for h in data.history
    ]
    actions = [PageAction(a.period, action_text(a.line), a.line.status) for a in data.actions]
    page = render_page(data.latest, history, actions, has_logo=logo is not None)
    (out / "index.html").write_text(page, encoding="utf-8")
    (out / "style.css").write_text(STYLE, encoding="utf-8")
    for fmt in ("a4", "persegi"):
        png, _ = render_infographic(data.latest, fmt)
        (out / f"infografis-{fmt}.png").write_bytes(png)
    if logo is not None:
        (out / "logo.png").write_bytes(logo)
    typer.echo(f"Situs publikasi periode {data.latest.period} ditulis ke {out}/ (index.html)")
