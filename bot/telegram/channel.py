"""The Telegram channel: thin handlers from python-telegram-bot updates to the shared router.

State lives in the database; no ConversationHandler, no PTB persistence. Each handler maps the
update to a person and a call of the router, sends the replies and answers any button press.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from functools import lru_cache
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.chat import texts
from bot.chat.render import Button, Document, Message, Outgoing, Photo
from bot.chat.router import LEADERS, Router, help_text
from bot.telegram.delivery import RetryingRateLimiter
from bot.telegram.inbox import TelegramInbox
from bot.telegram.polling import (
    CheckedUpdatesRequest,
    TokenRejected,
    TokenWatch,
    WatchedRequest,
    polling_failed,
    probe_token,
)
from scheduler.health import ChannelStates
from survey.people.accounts import NotOnRoster
from survey.people.model import Person, Role
from survey.ports import DomainError
from survey.services import Services

CHANNEL = "telegram"
log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


def _menu(*names: str) -> list[BotCommand]:
    """Menu entries for these commands, described as the catalogue words them."""
    return [BotCommand(name, texts.COMMAND_MENU[name]) for name in names]


EVERYONE = _menu("start", "survei", "batal", "bantuan")
RECORDING = _menu("pelatihan", "laporan", "rapat", "urungkan", "pengingat")
STAFF = [*EVERYONE, *RECORDING]
LEADER = [*STAFF, *_menu("ikm", "ekspor", "indikator", "belum", "tindaklanjut", "infografis")]
SEKRETARIS = [*LEADER, *_menu("kinerja")]


def commands_for(role: Role) -> list[BotCommand]:
    """The command menu of a role: recording for staff and leaders, the IKM for leaders."""
    if role is Role.SEKRETARIS:
        return SEKRETARIS
    if role in LEADERS:
        return LEADER
    return STAFF if role is Role.STAF else EVERYONE


def keyboard(message: Message) -> InlineKeyboardMarkup | None:
    """One button per row: readable on a phone, hard to mis-tap."""
    return _markup(message.buttons) if message.buttons else None


@lru_cache(maxsize=512)
def _markup(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup:
    # Every member sees the same few keyboards, and PTB's objects are immutable: build once.
    rows = [[InlineKeyboardButton(b.label, callback_data=b.action)] for b in buttons]
    return InlineKeyboardMarkup(rows)


class TelegramChannel:
    """Handlers bound to the services; `application()` builds the PTB Application."""

    def __init__(self, services: Services, inbox: TelegramInbox | None = None) -> None:
        self.services = services
        self.router = Router(services)
        self.inbox = inbox or TelegramInbox(services.db)

    def application(
        self, token: str, api_url: str, *, polling: bool = True, watch: TokenWatch | None = None
    ) -> Application[Any, Any, Any, Any, Any, Any]:
        """The Application with every handler; all calls go to `api_url`; a 401 answer tells
        `watch` that the token was rejected."""
        watch = watch or TokenWatch()
        builder = (
            ApplicationBuilder()
            .token(token)
            .base_url(api_url)
            .rate_limiter(RetryingRateLimiter())
            .request(WatchedRequest(watch))
            .get_updates_request(CheckedUpdatesRequest(watch))
            .post_init(self._set_default_commands)
        )
        if not polling:
            builder = builder.updater(None)
        app = builder.build()
        private = filters.ChatType.PRIVATE
        app.add_handler(TypeHandler(Update, self.claim), group=-1)
        app.add_handler(MessageHandler(~private & filters.UpdateType.MESSAGES, self.group))
        app.add_handler(MessageHandler(filters.UpdateType.EDITED, self.edited))
        app.add_handler(CommandHandler("start", self.start, filters=private))
        app.add_handler(MessageHandler(private & filters.CONTACT, self.contact))
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_handler(MessageHandler(private & filters.TEXT, self.text))
        app.add_handler(MessageHandler(private, self.other))
        app.add_error_handler(self.error)
        return app

    async def _set_default_commands(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await app.bot.set_my_commands(EVERYONE)

    async def _person(self, update: Update) -> Person | None:
        user = update.effective_user
        if user is None:
            return None
        return await self.services.accounts.person_for(CHANNEL, str(user.id))

    async def claim(self, update: Update, context: Context) -> None:
        """Before any other handler: an update handled before (by any process) goes no further.
        A button press is claimed by its own handler, in the same transaction as its step."""
        if update.callback_query is not None:
            return
        if not await self.inbox.arrived(context.bot.id, update.update_id):
            log.info(
                "Telegram: update %d was handled before, skipped",
                update.update_id,
                extra={"channel": CHANNEL, "update_id": update.update_id, "event": "duplicate"},
            )
            raise ApplicationHandlerStop

    async def _claimed(self, bot_id: int, update_id: int) -> bool:
        if await self.inbox.arrived(bot_id, update_id):
            return True
        log.info(
            "Telegram: update %d was handled before, skipped",
            update_id,
            extra={"channel": CHANNEL, "update_id": update_id, "event": "duplicate"},
        )
        return False

    async def start(self, update: Update, context: Context) -> None:
        """/start, with an invite token as its argument or without."""
        person = await self._person(update)
        if person is None and context.args:
            person = await self._redeem(update, context.args[0])
            if person is None:
                return
            await self._welcome(update, context, person)
            return
        if person is None:
            await self._ask_contact(update)
            return
        await self._send(update, context, await self.router.command(person, "start", ""))
        await self._send(update, context, await self.router.resume(person))

    async def contact(self, update: Update, context: Context) -> None:
        """A shared contact: bound only when it is the sender's own and on the roster."""
        message, user = update.effective_message, update.effective_user
        assert message is not None and message.contact is not None and user is not None
        if message.contact.user_id != user.id:
            await message.reply_text(texts.CONTACT_NOT_OWN)
            return
        try:
            person = await self.services.accounts.bind_phone(
                CHANNEL, str(user.id), message.contact.phone_number
            )
        except NotOnRoster:
            await message.reply_text(texts.NOT_ON_ROSTER, reply_markup=ReplyKeyboardRemove())
            return
        except DomainError as exc:
            text = texts.BIND_REFUSED.format(reason=exc)
            await message.reply_text(text, reply_markup=ReplyKeyboardRemove())
            return
        await self._welcome(update, context, person)

    async def button(self, update: Update, context: Context) -> None:
        """An inline button: always answered; a stale or forged one changes nothing."""
        query, user = update.callback_query, update.effective_user
        assert query is not None and user is not None
        if query.message is None or query.message.chat.type != "private":
            # A button of an inline-mode message (no chat at all) or in a group: not ours.
            await query.answer(texts.BUTTON_OUTSIDE_CHAT[:190], show_alert=True)
            return
        bot_id, update_id = context.bot.id, update.update_id
        claims: list[bool] = []  # what the claim said, by whichever way it was made
        claim_in_step = self.inbox.once(bot_id, update_id)

        def once(conn: Any) -> bool:
            claims.append(claim_in_step(conn))
            return claims[-1]

        async def claimed() -> bool:
            claims.append(await self._claimed(bot_id, update_id))
            return claims[-1]

        replies = await self.router.account_action(
            CHANNEL, str(user.id), query.data or "", once=once, claimed=claimed
        )
        if claims and not claims[-1]:
            return  # delivered before: that delivery answered the button
        if replies is None:
            await query.answer(texts.STRANGER[:190], show_alert=True)
            return
        notes = [r.text for r in replies if isinstance(r, Message) and r.brief]
        try:
            await query.answer(notes[0][:190] if notes else None)
        except TelegramError as exc:  # e.g. "query is too old": the screens still matter more
            log.warning("answerCallbackQuery failed: %s", exc)
        # The first notice is the toast; any further notice and every screen come as messages.
        rest: list[Outgoing] = [Message(n) for n in notes[1:]]
        rest += [r for r in replies if not (isinstance(r, Message) and r.brief)]
        await self._send(update, context, rest)

    async def text(self, update: Update, context: Context) -> None:
        """Typed text and commands of a registered person."""
        message = update.effective_message
        assert message is not None and message.text is not None
        person = await self._person(update)
        if person is None:
            await self._ask_contact(update)
            return
        await self._send(update, context, await self.router.text(person, message.text))

    async def other(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice, locations and the like: a short hint."""
        if update.effective_message is not None:
            await update.effective_message.reply_text(texts.ONLY_TEXT)

    async def edited(self, update: Update, context: Context) -> None:
        """An edited message is not re-processed; say so."""
        if update.effective_chat is not None and update.effective_chat.type == "private":
            await context.bot.send_message(update.effective_chat.id, texts.EDITED_IGNORED)

    async def group(self, update: Update, context: Context) -> None:
        """Groups: one sentence, nothing stored."""
        if update.effective_message is not None and update.effective_message.text:
            await update.effective_message.reply_text(texts.PRIVATE_ONLY)

    async def error(self, update: object, context: Context) -> None:
        """Log the failure (the log filter redacts the token) and tell the person to retry."""
        if isinstance(context.error, TokenRejected):  # said once already; nothing can be sent
            return
        log.error("update failed: %s", context.error, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, texts.TRY_AGAIN)
            except Exception:  # the apology itself failed; the log already has the cause
                log.warning("could not send the apology")

    async def _redeem(self, update: Update, token: str) -> Person | None:
        user, message = update.effective_user, update.effective_message
        assert user is not None and message is not None
        try:
            return await self.services.accounts.redeem_invite(CHANNEL, str(user.id), token)
        except DomainError as exc:
            await message.reply_text(texts.BIND_REFUSED.format(reason=exc))
            return None

    async def _ask_contact(self, update: Update) -> None:
        message = update.effective_message
        if message is None:
            return
        button = KeyboardButton(texts.SHARE_PHONE, request_contact=True)
        markup = ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
        await message.reply_text(texts.TELEGRAM_WELCOME_STRANGER, reply_markup=markup)

    async def _welcome(self, update: Update, context: Context, person: Person) -> None:
        chat = update.effective_chat
        assert chat is not None
        commands = commands_for(person.role)
        await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat.id))
        welcome = texts.WELCOME.format(name=person.name) + "\n" + help_text(person)
        await context.bot.send_message(chat.id, welcome, reply_markup=ReplyKeyboardRemove())

    async def _send(self, update: Update, context: Context, replies: Sequence[Outgoing]) -> None:
        chat = update.effective_chat
        if chat is None:  # nowhere to answer (no update of ours gets here without a chat)
            log.warning("Telegram: replies without a chat to send them to, dropped")
            return
        for reply in replies:
            if isinstance(reply, Message):
                await context.bot.send_message(chat.id, reply.text, reply_markup=keyboard(reply))
            elif isinstance(reply, Photo):
                photo = InputFile(reply.data, filename=reply.filename)
                await context.bot.send_photo(chat.id, photo, caption=reply.caption or None)
            elif isinstance(reply, Document):
                document = InputFile(reply.data, filename=reply.filename)
                await context.bot.send_document(chat.id, document, caption=reply.caption or None)


Alongside = Callable[[Bot], Awaitable[None]]


async def serve(
    app: Application[Any, Any, Any, Any, Any, Any],
    stop: asyncio.Event,
    alongside: Alongside | None = None,
    states: ChannelStates | None = None,
) -> None:
    """Long polling until `stop` is set (pending updates are kept, not dropped); `alongside`
    runs with the initialised bot meanwhile (the scheduler and its outbox sender). A rejected
    token (at start or later) ends it quietly: the token watch already told `states`."""
    states = states or ChannelStates(stop, [CHANNEL])
    try:
        async with app:
            await app.start()
            try:
                await _poll(app, stop, alongside, states)
            finally:
                states.stopped(CHANNEL)
                await app.stop()
    except TokenRejected:
        return


async def _poll(
    app: Application[Any, Any, Any, Any, Any, Any],
    stop: asyncio.Event,
    alongside: Alongside | None,
    states: ChannelStates,
) -> None:
    updater = app.updater
    assert updater is not None
    await updater.start_polling(allowed_updates=Update.ALL_TYPES, error_callback=polling_failed)
    try:
        log.info("Telegram: polling as @%s", app.bot.username)
        states.started(CHANNEL)
        beside: list[Awaitable[None]] = [probe_token(app.bot, stop)]
        beside += [] if alongside is None else [alongside(app.bot)]
        await asyncio.gather(stop.wait(), *beside)
    finally:
        await updater.stop()


async def invite_link(token: str, api_url: str, invite: str) -> str:
    """The personal `t.me` link for an invite token (asks the Bot API for the bot's name)."""
    from telegram import Bot

    async with Bot(token, base_url=api_url) as bot:
        return f"https://t.me/{bot.username}?start={invite}"
