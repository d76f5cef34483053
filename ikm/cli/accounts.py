"""`ikm invite create` and `ikm akun lepas`: how staff help people onto a chat channel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ikm.cli.support import Failure, settings, with_services

if TYPE_CHECKING:
    from ikm.settings import Settings
    from survey.people.model import Person
    from survey.services import Services

account_app = typer.Typer(
    help="Akun chat: lepaskan agar dapat mendaftar ulang.", no_args_is_help=True
)
invite_app = typer.Typer(help="Tautan undangan pribadi Telegram.", no_args_is_help=True)


@invite_app.command("create")
def invite_create(
    telepon: Annotated[str, typer.Option("--telepon", help="Nomor orang di roster")],
) -> None:
    """Buat tautan t.me pribadi, sekali pakai, berlaku 7 hari."""
    from bot.telegram.channel import invite_link

    config = settings()
    if not config.telegram_enabled or config.telegram_token is None:
        raise Failure("IKM_TELEGRAM_TOKEN belum diatur; tautan butuh nama bot dari Telegram")
    bot_token = config.telegram_token.get_secret_value()

    async def create(services: Services, c: Settings) -> tuple[str, Person]:
        invite, person = await services.accounts.create_invite(telepon)
        return await invite_link(bot_token, c.telegram_api_url, invite), person

    link, person = with_services(create)
    typer.echo(f"Tautan untuk {person.name} (sekali pakai, berlaku 7 hari):\n{link}")


@account_app.command("lepas")
def account_release(
    telepon: Annotated[str, typer.Argument(help="Nomor orang di roster")],
    kanal: Annotated[str, typer.Option("--kanal", help="telegram atau whatsapp")] = "telegram",
) -> None:
    """Lepaskan akun chat seseorang agar ia dapat mendaftar lagi (ganti ponsel/akun)."""

    released = with_services(lambda s, _c: s.accounts.unbind(kanal, telepon))
    typer.echo(f"{released} akun {kanal} dilepas.")
