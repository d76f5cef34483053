"""The WhatsApp channel: thin pywa handlers from webhook updates to the shared router.

A person is known by the number WhatsApp reports for the sender (`wa_id`): the first message
from a roster number binds it (no contact sharing needed), any other number is refused kindly.
Each message id is handled once, even when WhatsApp delivers it again after a restart. State
lives in the database; pywa's listeners and in-memory caches are not used.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from pywa.types.base_update import BaseUserUpdate
from pywa_async import filters, handlers
from pywa_async.client import WhatsApp
from pywa_async.types.callback import CallbackButton, CallbackSelection
from pywa_async.types.message import Message

from bot.chat import texts
from bot.chat.router import Router
from bot.whatsapp.inbox import WhatsAppInbox
from bot.whatsapp.send import WhatsAppSender
from survey.people.accounts import NotOnRoster
from survey.people.model import Person
from survey.ports import DomainError
from survey.services import Services

CHANNEL = "whatsapp"
#: Commands people may type as a bare word, as they would say them ("survei", "ikm").
COMMAND_WORDS = frozenset(
    {"start", "survei", "batal", "bantuan", "ikm", "indikator", "ekspor", "rekap", "belum"}
    | {"kinerja"}  # the Sekretaris's Pengukuran Kinerja
    | {"tindaklanjut", "infografis"}  # the follow-up plan and the infographic
    | {"pelatihan", "laporan", "rapat", "urungkan", "pengingat"}  # recording
)
#: Command words that take a word after them ("pengingat bisu").
WORDS_WITH_ARGUMENT = frozenset({"pengingat"})
#: What a first message may be without being answered beyond the welcome.
GREETINGS = frozenset({"/start", "/bantuan"})
log = logging.getLogger(__name__)
U = TypeVar("U", bound=BaseUserUpdate)
Handler = Callable[[object, U], Awaitable[None]]


def as_command(text: str) -> str:
    """A bare command word becomes its slash command ("Survei" → "/survei"); the rest stays."""
    stripped = text.strip()
    word = stripped.rstrip("?!. ").lower()
    if word in COMMAND_WORDS:
        return "/" + word
    first, _, rest = word.partition(" ")
    return f"/{first} {rest.strip()}" if first in WORDS_WITH_ARGUMENT else stripped


@dataclass(frozen=True)
class Known:
    """The roster person behind a message; `fresh` when this message just bound the number."""

    person: Person
    fresh: bool = False


class WhatsAppChannel:
    """Handlers bound to the services and a sender; `register(wa)` adds them to the client."""

    def __init__(self, services: Services, inbox: WhatsAppInbox, sender: WhatsAppSender) -> None:
        self.services = services
        self.inbox = inbox
        self.send = sender
        self.router = Router(services)

    def register(self, wa: WhatsApp) -> None:
        """Text, reply buttons, list choices, and a hint for anything else people send."""
        others = filters.media | filters.location | filters.contacts
        wa.add_handlers(
            handlers.MessageHandler(self._apologetic(self.text), filters.text),
            handlers.CallbackButtonHandler(self._apologetic(self.button)),
            handlers.CallbackSelectionHandler(self._apologetic(self.selection)),
            handlers.MessageHandler(self._apologetic(self.other), others),
        )

    async def text(self, _: object, msg: Message) -> None:
        """Typed text: a command word, a question, or survey input (1–4, a saran)."""
        known, line = await self._sender(msg), as_command(msg.text or "")
        if known is None or (known.fresh and (line in GREETINGS or not line.startswith("/"))):
            return  # a retry, a stranger, or a greeting the welcome has answered
        await self.send.replies(_to(msg), await self.router.text(known.person, line))

    async def button(self, _: object, pressed: CallbackButton[str]) -> None:
        """A reply button (Kembali, Lewati, Kirim, …): its action string, as on Telegram."""
        known = await self._sender(pressed)
        if known is not None:
            replies = await self.router.action(known.person, str(pressed.data))
            await self.send.replies(_to(pressed), replies)

    async def selection(self, _: object, chosen: CallbackSelection[str]) -> None:
        """A list row (an answer option, an "Ubah …" choice): its action string."""
        known = await self._sender(chosen)
        if known is not None:
            replies = await self.router.action(known.person, str(chosen.data))
            await self.send.replies(_to(chosen), replies)

    async def other(self, _: object, msg: Message) -> None:
        """Photos, voice, stickers, locations, contacts: a short hint."""
        known = await self._sender(msg)
        if known is not None and not known.fresh:
            await self.send.text(_to(msg), texts.ONLY_TEXT)

    async def _sender(self, update: BaseUserUpdate) -> Known | None:
        """Who wrote, once per message id; None for a retried delivery or a refused stranger."""
        user = update.from_user
        if not await self.inbox.arrived(update.id, update.timestamp):
            log.info("WhatsApp: message delivered again or too old, skipped")
            return None
        if not user.wa_id:  # the sender hides the number (username only): nothing to match
            await self.send.text(user.bsuid, texts.WHATSAPP_NO_NUMBER)
            return None
        person = await self.services.accounts.person_for(CHANNEL, user.wa_id)
        known = Known(person) if person is not None else await self._register(user.wa_id)
        if known is not None:
            await self.inbox.wrote(user.wa_id, update.timestamp)
        return known

    async def _register(self, wa_id: str) -> Known | None:
        """Bind a number on the roster and greet; refuse any other politely."""
        try:
            person = await self.services.accounts.bind_phone(CHANNEL, wa_id, "+" + wa_id)
        except NotOnRoster:
            await self.send.text(wa_id, texts.WHATSAPP_NOT_ON_ROSTER)
            return None
        except DomainError as exc:
            await self.send.text(wa_id, texts.BIND_REFUSED.format(reason=exc))
            return None
        await self.send.replies(wa_id, await self.router.command(person, "start", ""))
        return Known(person, fresh=True)

    def _apologetic(self, handler: Handler[U]) -> Handler[U]:
        """Log a failed update (the log filter redacts secrets) and ask the person to retry."""

        async def run(client: object, update: U) -> None:
            try:
                await handler(client, update)
            except Exception:
                log.exception("WhatsApp update failed")
                try:
                    await self.send.text(_to(update), texts.TRY_AGAIN)
                except Exception:  # the apology itself failed; the log already has the cause
                    log.warning("could not send the apology")

        return run


def _to(update: BaseUserUpdate) -> str:
    """The number to answer: the sender's wa_id (bound accounts always have one)."""
    user = update.from_user
    return str(user.wa_id or user.bsuid)
