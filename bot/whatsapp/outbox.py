"""The outbox's WhatsApp port: free-form inside the 24-hour window, an approved template outside.

WhatsApp lets a business write freely only within 24 hours of the person's last message; after
that only a template approved by Meta may start the conversation. A reminder goes out as the
reminder template (the person's name and the period), anything else (recaps, notices) as the
notice template with the text on one line. Which form was used is what `deliver` returns, and
the sender records it: "whatsapp" or "whatsapp-template".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
from pywa_async import errors

from bot.chat import texts
from bot.chat.render import Button, Message
from bot.whatsapp.inbox import WhatsAppInbox
from bot.whatsapp.send import WhatsAppSender
from scheduler.outbox import MessageKind, Queued
from scheduler.sender import TryLater, Undeliverable
from survey.services import Services

CHANNEL = "whatsapp"
FREE_FORM = "whatsapp"
TEMPLATE = "whatsapp-template"
CAPTION_LIMIT = 1024
BODY_LIMIT = 1024
#: Room for the notice in its template, whose fixed words count against the 1,024 characters.
NOTICE_LIMIT = BODY_LIMIT - len(texts.WHATSAPP_TEMPLATE_RECAP.replace("{{1}}", ""))
#: Errors worth another try later: throttling, Meta's own hiccups, an expired token.
TRANSIENT = (
    errors.ThrottlingError,
    errors.UnknownError,
    errors.ServiceUnavailable,
    errors.GenericError,
    errors.AuthorizationError,
)


@dataclass(frozen=True)
class Templates:
    """The approved template names and their language code (settings)."""

    reminder: str
    notice: str
    language: str = "id"
    #: The weekly reminder of records due (its summary line; the buttons after a reply).
    due: str = "ikm_pengingat_kabid"


class WhatsAppOutbox:
    """Delivers outbox rows to a person's bound WhatsApp number."""

    def __init__(
        self,
        sender: WhatsAppSender,
        services: Services,
        inbox: WhatsAppInbox,
        templates: Templates,
    ) -> None:
        self.send = sender
        self.services = services
        self.inbox = inbox
        self.templates = templates

    async def deliver(self, message: Queued) -> str:
        """Send the message; returns the form used. Failures become TryLater or Undeliverable."""
        wa_id = await self.services.accounts.external_id(CHANNEL, message.person_id)
        if wa_id is None:
            raise Undeliverable(texts.UNDELIVERABLE_NOT_BOUND.format(channels="WhatsApp"))
        try:
            if await self.inbox.in_window(wa_id):
                try:
                    await self._free_form(wa_id, message)
                    return FREE_FORM
                except errors.ReEngagementMessage:
                    pass  # the window closed meanwhile: the template below
            await self._template(wa_id, message)
            return TEMPLATE
        except errors.WhatsAppError as exc:
            raise _classified(exc) from None
        except httpx.HTTPError as exc:  # a request sent but not answered may have arrived
            unsure = isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout)
            raise TryLater(f"jaringan: {type(exc).__name__}", unsure=unsure) from None

    async def _free_form(self, wa_id: str, message: Queued) -> None:
        if message.attachment is None and message.buttons:
            buttons = tuple(Button(label, action) for label, action in message.buttons)
            await self.send.replies(wa_id, [Message(message.body, buttons)])
            return
        if message.attachment is None:
            await self.send.text(wa_id, message.body)
            return
        name = message.attachment_name or "grafik.png"
        await self.send.image(wa_id, message.attachment, name, message.caption(CAPTION_LIMIT))

    async def _template(self, wa_id: str, message: Queued) -> None:
        if (
            message.kind == MessageKind.RECAP_CHART
        ):  # a template carries no picture; a caption alone is noise
            raise Undeliverable(texts.UNDELIVERABLE_CHART_WINDOW)
        if message.kind == MessageKind.REMINDER:
            name, params = self.templates.reminder, await self._reminder_params(message)
        elif (
            message.kind == MessageKind.RECORDS_DUE
        ):  # the summary line; `pengingat` brings the buttons
            name, params = self.templates.due, await self._due_params(message)
        else:
            name, params = self.templates.notice, [one_line(message.body, NOTICE_LIMIT)]
        await self.send.template(wa_id, name, self.templates.language, params)

    async def _reminder_params(self, message: Queued) -> list[str]:
        person = await self.services.roster.get(message.person_id)
        period = await self.services.periods.current()
        if person is None or period is None:
            raise Undeliverable(texts.UNDELIVERABLE_PERIOD_CLOSED)
        return [one_line(person.name, 200), one_line(period.name, 200)]

    async def _due_params(self, message: Queued) -> list[str]:
        person = await self.services.roster.get(message.person_id)
        if person is None:
            raise Undeliverable(texts.UNDELIVERABLE_LEFT_ROSTER)
        summary = message.body.splitlines()[0] if message.body else ""
        return [one_line(person.name, 200), one_line(summary, 600)]


def one_line(text: str, limit: int) -> str:
    """A template parameter: no line breaks, tabs or runs of spaces (WhatsApp refuses them)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    flat = " · ".join(line for line in lines if line)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _classified(exc: errors.WhatsAppError) -> Exception:
    reason = f"WhatsApp {exc.code}: {exc.message}"[:300]
    if isinstance(exc, TRANSIENT) or exc.is_transient or (exc.status_code or 0) >= 500:
        return TryLater(reason, timedelta(minutes=1) if _throttled(exc) else None)
    return Undeliverable(reason)


def _throttled(exc: errors.WhatsAppError) -> bool:
    return isinstance(exc, errors.ThrottlingError)
