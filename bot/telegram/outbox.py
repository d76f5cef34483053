"""The outbox's Telegram port: one queued message to one person's chat, failures classified."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.chat import texts
from bot.telegram.polling import TokenRejected
from scheduler.outbox import Queued
from scheduler.sender import TryLater, Undeliverable
from survey.people.accounts import AccountService

CHANNEL = "telegram"
CAPTION_LIMIT = 1024


class TelegramOutbox:
    """Delivers outbox rows with the running Application's bot (its flood limiter included)."""

    def __init__(self, bot: Bot, accounts: AccountService) -> None:
        self.bot = bot
        self.accounts = accounts

    async def deliver(self, message: Queued) -> str:
        """Send the text, or the attachment as a photo with the text as its caption."""
        chat = await self.accounts.external_id(CHANNEL, message.person_id)
        if chat is None:
            raise Undeliverable(texts.UNDELIVERABLE_NOT_BOUND.format(channels="Telegram"))
        try:
            await self._send(int(chat), message)
        except Forbidden as exc:  # the person blocked the bot: retrying would never help
            raise Undeliverable(texts.UNDELIVERABLE_BLOCKED.format(error=exc)) from None
        except BadRequest as exc:
            raise Undeliverable(texts.UNDELIVERABLE_REJECTED.format(error=exc)) from None
        except TokenRejected:  # the process is stopping; a new token sends it after restart
            raise TryLater("token ditolak (401)") from None
        except RetryAfter as exc:
            raise TryLater("429", _seconds(exc.retry_after)) from None
        except TimedOut as exc:  # sent, perhaps, but no answer: see scheduler.outbox.InFlight
            raise TryLater(f"tanpa jawaban: {exc}", unsure=True) from None
        except NetworkError as exc:
            raise TryLater(f"jaringan: {exc}") from None
        return CHANNEL

    async def _send(self, chat: int, message: Queued) -> None:
        if message.attachment is None:
            markup = None
            if message.buttons:  # one per row, as the chat's own screens (bot/telegram/channel.py)
                pairs = message.buttons
                rows = [[InlineKeyboardButton(label, callback_data=a)] for label, a in pairs]
                markup = InlineKeyboardMarkup(rows)
            await self.bot.send_message(chat, message.body, reply_markup=markup)
            return
        photo = InputFile(message.attachment, filename=message.attachment_name or "grafik.png")
        await self.bot.send_photo(chat, photo, caption=message.caption(CAPTION_LIMIT))


def _seconds(value: Any) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))
