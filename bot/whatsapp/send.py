"""Sending through pywa: rendered replies, files (uploaded as media first) and templates.

The pywa client talks to the Graph API through an httpx client of ours, so that a self-hosted
gateway or the tests' loopback fake can stand in for graph.facebook.com.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import httpx
from pywa.errors import AuthorizationError
from pywa.types.callback import Button, Section, SectionList, SectionRow
from pywa_async.client import WhatsApp
from pywa_async.types.templates import BodyText, TemplateLanguage

from bot.chat.render import Document, Message, Outgoing, Photo
from bot.whatsapp.render import Buttons, Choices, Shape, Text, shapes

DEFAULT_API_URL = "https://graph.facebook.com"
T = TypeVar("T")


def whatsapp_client(
    *,
    phone_id: str,
    token: str,
    app_secret: str,
    verify_token: str,
    api_url: str,
    session: httpx.AsyncClient | None = None,
) -> WhatsApp:
    """A pywa client that checks webhook signatures with the app secret and sends to `api_url`
    through `session` (default: a new httpx client; pass one to close it yourself).

    Duplicate updates are skipped by our own database (WhatsAppInbox), not by pywa's in-memory
    cache, so that a restart does not forget them.
    """
    session = session or httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=10.0))
    wa = WhatsApp(
        phone_id=phone_id,
        token=token,
        app_secret=app_secret,
        verify_token=verify_token,
        session=session,
        skip_duplicate_updates=False,
        validate_updates=True,
    )
    # pywa sets the base URL to graph.facebook.com/v<version> on our session; keep its
    # version path, change only where it points.
    session.base_url = httpx.URL(api_url.rstrip("/") + session.base_url.path)
    return wa


class WhatsAppSender:
    """Sends to one WhatsApp number (its wa_id); every call goes through pywa's own client."""

    def __init__(self, wa: WhatsApp, on_revoked: Callable[[str], None] | None = None) -> None:
        self.wa = wa
        self.on_revoked = on_revoked  # the token or the app's permission was taken away

    async def _sent(self, sending: Awaitable[T]) -> T:
        """A Graph API call; a rejected token stops the channel for good (see ikm/runner.py),
        and the error still reaches the caller."""
        try:
            return await sending
        except AuthorizationError as exc:
            if self.on_revoked is not None:
                self.on_revoked(f"the Graph API rejected the token ({type(exc).__name__})")
            raise

    async def replies(self, to: str, replies: Sequence[Outgoing]) -> None:
        """Rendered replies in order: messages as text, buttons or lists; photos; documents."""
        for reply in replies:
            if isinstance(reply, Message):
                for shape in shapes(reply):
                    await self.shape(to, shape)
            elif isinstance(reply, Photo):
                await self.image(to, reply.data, reply.filename, reply.caption)
            elif isinstance(reply, Document):
                await self._sent(
                    self.wa.send_document(
                        to,
                        reply.data,
                        filename=reply.filename,
                        caption=reply.caption or None,
                        mime_type=_mime(reply.filename),
                    )
                )

    async def shape(self, to: str, shape: Shape) -> None:
        """One WhatsApp message."""
        match shape:
            case Text(body):
                await self._sent(self.wa.send_message(to, body))
            case Buttons(body, buttons):
                reply_buttons = [Button(title, callback_data=data) for title, data in buttons]
                await self._sent(self.wa.send_message(to, body, buttons=reply_buttons))
            case Choices(body, button, rows):
                listed = [SectionRow(r.title, r.action, r.description) for r in rows]
                sections = [Section(title=button, rows=listed)]
                listing = SectionList(button, sections)
                await self._sent(self.wa.send_message(to, body, buttons=listing))

    async def text(self, to: str, body: str) -> None:
        """A plain text message."""
        await self.shape(to, Text(body))

    async def image(self, to: str, data: bytes, filename: str, caption: str = "") -> None:
        """An image: uploaded as media, then sent with its caption."""
        mime = _mime(filename)
        await self._sent(self.wa.send_image(to, data, caption=caption or None, mime_type=mime))

    async def template(self, to: str, name: str, language: str, params: Sequence[str]) -> None:
        """An approved template with positional body parameters ({{1}}, {{2}}, …)."""
        body = BodyText.params(*params)  # type: ignore[arg-type]  # positional strings
        language_of = TemplateLanguage(language)
        await self._sent(self.wa.send_template(to, name, language_of, params=[body]))


def _mime(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
