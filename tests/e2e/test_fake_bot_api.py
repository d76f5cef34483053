"""The loopback fake Bot API, driven through the real python-telegram-bot HTTP stack."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.e2e.fake_bot_api import BOT_USERNAME, Call, Chat, FakeBotApi, User

ANI = User(7001, "Ani", "ani_balangan")
BUDI = User(7002, "Budi")
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Sangat baik", callback_data="4")],
        [
            InlineKeyboardButton("Baik", callback_data="3"),
            InlineKeyboardButton("Buka", url="https://example.org"),
        ],
    ]
)


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    """A real PTB bot, initialised against the fake."""
    async with Bot(fake.token, base_url=fake.base_url) as real_bot:
        yield real_bot


def is_method(method: str) -> Callable[[Call], bool]:
    """A wait_for predicate: a successful call of `method`."""
    return lambda call: call.is_(method) and call.ok


async def test_get_me_returns_the_fake_bot_user(bot: Bot, fake: FakeBotApi) -> None:
    me = await bot.get_me()

    assert (me.username, me.is_bot, me.can_join_groups) == (BOT_USERNAME, True, True)
    assert me.id == int(fake.token.split(":")[0])
    assert len(fake.calls("getMe")) == 2  # initialize() asks too


async def test_wrong_token_raises_invalid_token(fake: FakeBotApi) -> None:
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with Bot("999:WRONG-token", base_url=fake.base_url):
            pass

    assert [call.status for call in fake.calls("getMe")] == [401]


async def test_send_message_records_text_and_inline_keyboard(bot: Bot, fake: FakeBotApi) -> None:
    message = await bot.send_message(ANI.id, "Pilih jawaban", reply_markup=KEYBOARD)

    assert message.message_id == 1
    assert message.chat.type == "private"
    assert message.from_user is not None and message.from_user.username == BOT_USERNAME
    assert message.reply_markup == KEYBOARD
    call = fake.calls("sendMessage")[0]
    assert call.params["chat_id"] == ANI.id
    assert fake.sent_texts(ANI.id) == ["Pilih jawaban"]
    assert fake.last_keyboard(ANI.id) == [[("Sangat baik", "4")], [("Baik", "3"), ("Buka", None)]]
    second = await bot.send_message(ANI.id, "Berikutnya")
    assert second.message_id == 2
    assert fake.last_keyboard(ANI.id) == []


async def test_edit_message_text_returns_the_edited_message(bot: Bot, fake: FakeBotApi) -> None:
    sent = await bot.send_message(ANI.id, "Pertanyaan 1", reply_markup=KEYBOARD)

    edited = await bot.edit_message_text(
        "Terima kasih", chat_id=ANI.id, message_id=sent.message_id
    )

    assert isinstance(edited, type(sent))
    assert (edited.text, edited.message_id, edited.reply_markup) == ("Terima kasih", 1, None)
    assert fake.sent_texts(ANI.id) == ["Pertanyaan 1", "Terima kasih"]
    assert fake.last_keyboard(ANI.id) == []
    assert (fake.message(ANI.id, 1) or {}).get("text") == "Terima kasih"


async def test_editing_to_the_same_content_is_a_bad_request(bot: Bot, fake: FakeBotApi) -> None:
    sent = await bot.send_message(ANI.id, "Sama")

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Sama", chat_id=ANI.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("Lain", chat_id=ANI.id, message_id=99)


async def test_send_photo_and_document_record_the_uploaded_bytes(
    bot: Bot, fake: FakeBotApi
) -> None:
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4 + b"\r\n--"
    workbook = b"PK\x03\x04" + bytes(reversed(range(256))) + b"\r\n\r\n"

    photo = await bot.send_photo(ANI.id, picture, caption="Grafik IKM")
    document = await bot.send_document(ANI.id, workbook, filename="rekap.xlsx", caption="Rekap")

    assert photo.caption == "Grafik IKM" and photo.photo[-1].file_size == len(picture)
    assert document.document is not None and document.document.file_name == "rekap.xlsx"
    photo_call, document_call = fake.calls("sendPhoto")[0], fake.calls("sendDocument")[0]
    assert photo_call.files["photo"][1] == picture
    assert photo_call.params == {"chat_id": ANI.id, "caption": "Grafik IKM"}
    assert document_call.files["document"] == ("rekap.xlsx", workbook)
    assert document_call.params["caption"] == "Rekap"


async def test_injected_429_raises_retry_after_and_is_recorded_as_failed(
    bot: Bot, fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # else RetryAfter() warns (an error here)
    fake.fail_next("sendMessage", count=2)

    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANI.id, "Halo")
        assert caught.value.retry_after == timedelta(seconds=1)
    await bot.send_message(ANI.id, "Halo")

    assert [call.status for call in fake.calls("sendMessage")] == [429, 429, 200]
    assert len(fake.calls("sendMessage", ok=True)) == 1
    assert fake.sent_texts(ANI.id) == ["Halo"]


@pytest.mark.parametrize("json_body", [True, False], ids=["json", "nginx-html"])
async def test_injected_502_raises_network_error_not_bad_request(
    bot: Bot, fake: FakeBotApi, json_body: bool
) -> None:
    fake.fail_next("sendMessage", status=502, json_body=json_body)

    with pytest.raises(NetworkError, match="Bad Gateway") as caught:
        await bot.send_message(ANI.id, "Halo")

    assert not isinstance(caught.value, BadRequest)
    assert fake.calls("sendMessage")[0].status == 502


async def test_rate_limit_answers_429_beyond_the_budget(
    bot: Bot, fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake.rate_limit(2)

    await bot.send_message(ANI.id, "1")
    await bot.send_message(BUDI.id, "2")
    with pytest.raises(RetryAfter):
        await bot.send_message(ANI.id, "3")
    await bot.get_me()  # no chat_id: not limited

    assert [call.ok for call in fake.calls("sendMessage")] == [True, True, False]


async def test_commands_are_stored_per_scope(bot: Bot, fake: FakeBotApi) -> None:
    await bot.set_my_commands([BotCommand("start", "Mulai survei")])
    admin_scope = BotCommandScopeChat(ANI.id)
    await bot.set_my_commands([BotCommand("rekap", "Rekap IKM")], scope=admin_scope)

    assert fake.commands_for() == [("start", "Mulai survei")]
    assert fake.commands_for(ANI.id) == [("rekap", "Rekap IKM")]
    assert [c.command for c in await bot.get_my_commands(scope=admin_scope)] == ["rekap"]
    await bot.delete_my_commands(scope=admin_scope)
    assert await bot.get_my_commands(scope=admin_scope) == ()
    assert fake.calls("setMyCommands")[1].params["scope"] == {"type": "chat", "chat_id": ANI.id}


async def test_get_updates_long_polls_and_offset_confirms(bot: Bot, fake: FakeBotApi) -> None:
    threading.Timer(0.2, fake.text_message, args=(ANI, "halo")).start()
    started = time.monotonic()

    updates = await bot.get_updates(timeout=5)

    assert 0.1 < time.monotonic() - started < 1.5
    assert [u.message.text for u in updates if u.message] == ["halo"]
    second = fake.text_message(ANI, "lagi")
    assert [u.update_id for u in await bot.get_updates(offset=updates[0].update_id + 1)] == [
        second
    ]
    assert await bot.get_updates(offset=second + 1, timeout=0) == ()
    assert fake.pending_update_count == 0


async def test_get_updates_honours_limit_and_caps_the_wait(bot: Bot, fake: FakeBotApi) -> None:
    first = fake.text_message(ANI, "a")
    fake.text_message(ANI, "b")
    assert [u.update_id for u in await bot.get_updates(limit=1)] == [first]

    await bot.get_updates(offset=-1)  # forget all but the last
    assert fake.pending_update_count == 1
    await bot.get_updates(offset=first + 2)
    started = time.monotonic()
    assert await bot.get_updates(timeout=30) == ()
    assert time.monotonic() - started < 1.5  # max_poll_wait keeps tests fast


async def test_update_builders_parse_as_ptb_updates(bot: Bot, fake: FakeBotApi) -> None:
    fake.text_message(ANI, "/start@ikm_test_bot kode")
    fake.contact_message(ANI, "+6281234567890", ANI.id)
    fake.sticker_message(ANI)
    fake.photo_message(ANI, caption="bukti")
    fake.voice_message(ANI)
    fake.location_message(ANI)
    fake.edited_message(ANI, 1, "/start")
    fake.group_text_message(BUDI, "halo grup", Chat(-4002, title="Sekretariat"))

    command, contact, sticker, photo, voice, location, edit, group = await bot.get_updates()

    assert command.message and command.message.parse_entity(command.message.entities[0]) == (
        "/start@ikm_test_bot"
    )
    assert contact.message and contact.message.contact
    assert contact.message.contact.user_id == ANI.id
    assert sticker.message and sticker.message.sticker and sticker.message.sticker.emoji
    assert photo.message and photo.message.photo and photo.message.caption == "bukti"
    assert voice.message and voice.message.voice
    assert location.message and location.message.location
    assert edit.edited_message and edit.edited_message.text == "/start"
    assert edit.edited_message.message_id == 1
    assert group.message and group.message.chat.type == "group"
    assert group.message.chat.title == "Sekretariat"
    assert [u.message.message_id for u in (command, contact, sticker) if u.message] == [1, 2, 3]


async def test_application_polling_runs_command_and_callback_handlers(fake: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Pilih jawaban", reply_markup=KEYBOARD)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"Dipilih: {query.data}")

    app = Application.builder().token(fake.token).base_url(fake.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            fake.text_message(ANI, "/start")
            sent = await fake.wait_for_async(is_method("sendMessage"))
            pressed_id = fake.callback_query(ANI, "4", sent.result["message_id"])
            await fake.wait_for_async(is_method("editMessageText"))
        finally:
            await app.updater.stop()
            await app.stop()

    answer = fake.calls("answerCallbackQuery")[0]
    assert answer.params["callback_query_id"] == str(pressed_id)
    assert fake.sent_texts(ANI.id) == ["Pilih jawaban", "Dipilih: 4"]
    assert fake.last_keyboard(ANI.id) == []
    assert fake.pending_update_count == 0


def test_json_and_form_bodies_are_decoded(fake: FakeBotApi) -> None:
    url = f"{fake.base_url}{fake.token}/sendMessage"
    markup = '{"inline_keyboard": [[{"text": "Ya", "callback_data": "y"}]]}'
    with httpx.Client() as client:
        by_json = client.post(url, json={"chat_id": 5, "text": "[json]"})
        by_form = client.post(url, data={"chat_id": "5", "text": "true", "reply_markup": markup})
        missing = client.post(f"{fake.base_url}{fake.token}/sendMessage", data={"chat_id": "5"})
        unknown = client.get(f"{fake.base_url}{fake.token}/getChat?chat_id=5")
        not_found = client.get(f"http://127.0.0.1:{fake.port}/nope")

    assert by_json.json()["result"]["text"] == "[json]"
    assert by_form.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Ya"
    assert fake.sent_texts(5) == ["[json]", "true"]
    assert fake.last_keyboard(5) == [[("Ya", "y")]]
    assert missing.status_code == 400 and "text is empty" in missing.json()["description"]
    assert unknown.json() == {"ok": True, "result": True}
    assert fake.calls("getChat")[0].params == {"chat_id": 5}
    assert not_found.status_code == 404


def test_wait_for_blocks_until_a_matching_call_then_times_out(fake: FakeBotApi) -> None:
    url = f"{fake.base_url}{fake.token}/sendChatAction"
    threading.Timer(0.1, httpx.post, args=(url,), kwargs={"data": {"chat_id": "1"}}).start()

    call: Call = fake.wait_for(lambda c: c.is_("sendChatAction"), timeout=2)

    assert call.params == {"chat_id": 1}
    fake.clear()
    assert fake.calls() == []
    with pytest.raises(TimeoutError, match="no matching call"):
        fake.wait_for(lambda c: c.is_("sendChatAction"), timeout=0.05)


def test_stop_wakes_a_blocked_long_poll_promptly() -> None:
    fake = FakeBotApi(max_poll_wait=30).start()
    url = f"{fake.base_url}{fake.token}/getUpdates"
    answers: list[httpx.Response] = []
    poller = threading.Thread(
        target=lambda: answers.append(httpx.post(url, data={"timeout": "30"}))
    )
    poller.start()
    fake.wait_in_flight(1)  # the poll is now blocked in the server
    started = time.monotonic()

    fake.stop()
    poller.join(timeout=2)

    assert time.monotonic() - started < 1
    assert answers and answers[0].json() == {"ok": True, "result": []}
