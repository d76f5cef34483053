"""The WhatsApp channel's parts on their own: screens in WhatsApp's shapes and limits, command
words, template parameters, settings, the inbox (retries, the 24-hour window) on a real
database, and the ChannelRouter. (Kept beside the e2e tests of the channel they belong to.)"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.chat import texts
from bot.chat.channel_router import ChannelRouter
from bot.chat.render import Button, Message, render
from bot.whatsapp.channel import as_command
from bot.whatsapp.inbox import RETENTION, WhatsAppInbox
from bot.whatsapp.outbox import NOTICE_LIMIT, one_line
from bot.whatsapp.render import Buttons, Choices, Text, shapes, shorten, split_text
from ikm.settings import SettingsError, load_settings
from scheduler.outbox import Queued
from scheduler.sender import TryLater, Undeliverable
from survey.conversation.events import Answer, Back, Change, Submit, encode
from survey.conversation.screens import Note, Notice, QuestionScreen, ReviewScreen, SaranScreen
from survey.questionnaire.model import load_questionnaire
from survey.services import Services
from tests.conftest import FakeClock
from tests.e2e.whatsapp_process import NOTICE_TEMPLATE, REMINDER_TEMPLATE
from tests.integration.helpers import members

README = Path(__file__).resolve().parents[2] / "README.md"
DPRD = load_questionnaire("dprd-6-v1")
NINE = load_questionnaire("permenpanrb-9-v1")


def question(number: int, *, editing: bool = False) -> Message:
    element = DPRD.elements[number - 1]
    return render(QuestionScreen(element, number, 6, None, number > 1, editing))


def review(questionnaire=DPRD, saran: str | None = "AC rusak") -> Message:
    answers = tuple((e, 3) for e in questionnaire.elements)
    return render(ReviewScreen(answers, saran))


def check_limits(shape: Text | Buttons | Choices) -> None:
    """What the Cloud API accepts (the fake Graph API checks the same on the wire)."""
    match shape:
        case Text(body):
            assert 1 <= len(body) <= 4096
        case Buttons(body, buttons):
            assert 1 <= len(body) <= 1024 and 1 <= len(buttons) <= 3
            assert all(1 <= len(t) <= 20 and len(a) <= 256 for t, a in buttons)
        case Choices(body, button, rows):
            assert 1 <= len(body) <= 1024 and 1 <= len(button) <= 20 and 1 <= len(rows) <= 10
            for row in rows:
                assert 1 <= len(row.title) <= 24 and len(row.action) <= 200
                assert row.description is None or len(row.description) <= 72


# --- screens in WhatsApp's shapes ---------------------------------------------------------


def test_the_first_question_is_one_list_with_its_options_numbered_in_the_text():
    (only,) = shapes(question(1))
    assert isinstance(only, Choices) and only.button == texts.WHATSAPP_LIST_ANSWERS
    assert [r.action for r in only.rows] == [f"jawab:prosedur:{v}" for v in (1, 2, 3, 4)]
    assert only.body.endswith("1. Tidak mudah\n2. Kurang mudah\n3. Mudah\n4. Sangat mudah")


def test_later_questions_add_kembali_on_a_reply_button():
    listed, back = shapes(question(2))
    assert isinstance(listed, Choices) and back == Buttons(
        texts.WHATSAPP_MORE, (("Kembali", "kembali:waktu"),)
    )
    _, to_review = shapes(question(2, editing=True))
    assert to_review == Buttons(texts.WHATSAPP_MORE, (("Kembali ke ringkasan", "kembali:waktu"),))


def test_the_review_lists_every_change_and_puts_kirim_on_a_button():
    changes, submit = shapes(review())
    assert isinstance(changes, Choices) and changes.button == texts.WHATSAPP_LIST_CHANGES
    assert changes.body.startswith(texts.REVIEW_HEADER)
    assert [r.action for r in changes.rows][-1] == "ubah:saran" and len(changes.rows) == 7
    first = changes.rows[0]
    assert first.title == "Ubah 1. Sistem…" and first.description == (
        "Ubah 1. Sistem, Mekanisme, dan Prosedur"
    )
    assert submit == Buttons(texts.WHATSAPP_SUBMIT_PROMPT, (("Kirim", "kirim"),))


def test_nine_unsur_and_the_saran_fill_exactly_one_list():
    changes, _ = shapes(review(NINE))
    assert isinstance(changes, Choices) and len(changes.rows) == 10


def test_a_long_saran_moves_the_review_text_into_its_own_message():
    shaped = shapes(review(saran="x" * 1000))
    assert [type(s) for s in shaped] == [Text, Choices, Buttons]
    assert "x" * 1000 in shaped[0].body and shaped[1].body == texts.WHATSAPP_CHOOSE


def test_the_saran_screen_and_notices():
    (saran,) = shapes(render(SaranScreen("Saran Anda", None, editing=False)))
    assert isinstance(saran, Buttons) and [a for _, a in saran.buttons] == [
        "lewati",
        "kembali:saran",
    ]
    assert shapes(render(Notice(Note.STALE))) == [Text(texts.NOTES[Note.STALE])]


def test_more_than_ten_rows_or_three_buttons_spill_into_further_messages():
    rows = tuple(Button(f"Pilihan {i}", encode(Answer("prosedur", 1 + i % 4))) for i in range(12))
    keys = tuple(Button(f"Tombol {i}", encode(Back(f"x{'a' * i}"))) for i in range(4))
    shaped = shapes(Message("Pilih", rows + keys + (Button("Kirim", encode(Submit())),)))
    assert [type(s) for s in shaped] == [Choices, Choices, Buttons, Buttons]
    assert [len(s.rows) for s in shaped[:2]] == [10, 2]  # type: ignore[union-attr]
    assert [len(s.buttons) for s in shaped[2:]] == [3, 2]  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None)
@given(
    body=st.text(min_size=1, max_size=6000),
    labels=st.lists(st.text(min_size=1, max_size=120), min_size=0, max_size=14),
    navigation=st.lists(st.text(min_size=1, max_size=60), min_size=0, max_size=5),
)
def test_any_screen_fits_whatsapp_limits(body, labels, navigation):
    rows = [Button(label, encode(Change(f"u{'a' * (i % 20)}"))) for i, label in enumerate(labels)]
    keys = [Button(label, encode(Back("waktu"))) for label in navigation]
    for shape in shapes(Message(body, tuple(rows + keys))):
        check_limits(shape)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Kirim", 20, "Kirim"),
        ("Kembali ke ringkasan", 20, "Kembali ke ringkasan"),
        ("Ubah 5. Perilaku Pelaksana", 24, "Ubah 5. Perilaku…"),
        ("Ada tetapi tidak berfungsi", 24, "Ada tetapi tidak…"),
        ("Supercalifragilisticexpialidocious", 24, "Supercalifragilisticexp…"),
    ],
)
def test_labels_are_shortened_at_a_word_with_an_ellipsis(text, limit, expected):
    assert shorten(text, limit) == expected and len(expected) <= limit


def test_long_texts_split_between_lines():
    text = "\n".join(f"baris {i:04d}" for i in range(1000))
    parts = split_text(text, 4096)
    assert all(len(p) <= 4096 for p in parts) and "\n".join(parts) == text


# --- words and template parameters --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("survei", "/survei"),
        (" Survei ", "/survei"),
        ("IKM?", "/ikm"),
        ("ekspor", "/ekspor"),
        ("indikator", "/indikator"),
        ("Bantuan", "/bantuan"),
        ("batal", "/batal"),
        ("Laporan", "/laporan"),
        ("rapat", "/rapat"),
        ("pelatihan", "/pelatihan"),
        ("urungkan", "/urungkan"),
        ("laporan tugas bulan ini", "laporan tugas bulan ini"),
        ("/ekspor Semester II 2026", "/ekspor Semester II 2026"),
        ("ikm semester lalu", "ikm semester lalu"),
        ("berapa IKM sekarang?", "berapa IKM sekarang?"),
        ("3", "3"),
        ("AC ruang rapat perlu diperbaiki", "AC ruang rapat perlu diperbaiki"),
    ],
)
def test_bare_command_words_become_commands_and_everything_else_stays(typed, line):
    assert as_command(typed) == line


def test_a_template_parameter_is_one_line_within_the_limit():
    assert one_line("IKM:\n\n  91,48\tA   (Sangat Baik)", 100) == "IKM: · 91,48 A (Sangat Baik)"
    long = one_line("kata " * 400, NOTICE_LIMIT)
    assert len(long) <= NOTICE_LIMIT and long.endswith("…") and "\n" not in long
    recap = texts.WHATSAPP_TEMPLATE_RECAP.replace("{{1}}", long)
    assert len(recap) <= 1024


def test_the_template_texts_are_in_the_readme_with_their_placeholders():
    readme = README.read_text("utf-8")
    for body, (name, _, count) in (
        (texts.WHATSAPP_TEMPLATE_REMINDER, REMINDER_TEMPLATE),
        (texts.WHATSAPP_TEMPLATE_RECAP, NOTICE_TEMPLATE),
    ):
        assert body in readme and name in readme
        assert re.findall(r"\{\{(\d)\}\}", body) == [str(i) for i in range(1, count + 1)]


# --- settings -----------------------------------------------------------------------------

WHATSAPP = {
    "IKM_WHATSAPP_PHONE_ID": "109876543210987",
    "IKM_WHATSAPP_TOKEN": "EAAG-SECRET-TOKEN",
    "IKM_WHATSAPP_APP_SECRET": "APP-SECRET-VALUE",
    "IKM_WHATSAPP_VERIFY_TOKEN": "VERIFY-SECRET",
}


def test_whatsapp_settings_are_all_or_nothing_and_secret(tmp_cwd, monkeypatch):
    for name, value in WHATSAPP.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.whatsapp_enabled and settings.whatsapp_api_url == "https://graph.facebook.com"
    assert settings.whatsapp_template_reminder == REMINDER_TEMPLATE[0]
    assert settings.whatsapp_template_recap == NOTICE_TEMPLATE[0]
    assert settings.whatsapp_template_language == "id"
    assert not any(secret in repr(settings) for secret in ("SECRET-TOKEN", "APP-SECRET"))
    monkeypatch.delenv("IKM_WHATSAPP_APP_SECRET")
    with pytest.raises(SettingsError, match="IKM_WHATSAPP_APP_SECRET wajib") as caught:
        load_settings()
    assert "SECRET" not in str(caught.value).replace("_SECRET", "")


def test_a_bad_template_name_names_its_variable(tmp_cwd, monkeypatch):
    monkeypatch.setenv("IKM_WHATSAPP_TEMPLATE_REMINDER", "Pengingat Survei")
    with pytest.raises(SettingsError, match="IKM_WHATSAPP_TEMPLATE_REMINDER"):
        load_settings()


# --- the inbox on a real database ---------------------------------------------------------

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


async def test_a_message_id_is_claimed_once_even_by_racing_deliveries(db):
    inbox = WhatsAppInbox(db)
    claims = await asyncio.gather(*(inbox.arrived("wamid.A") for _ in range(8)))
    assert sorted(claims) == [False] * 7 + [True]
    assert await WhatsAppInbox(db).arrived("wamid.A") is False  # as a restarted process sees it
    assert await inbox.arrived("wamid.B") is True


async def test_the_last_message_time_never_moves_back_and_opens_24_hours(db):
    clock = FakeClock(NOW)
    inbox = WhatsAppInbox(db, clock)
    assert await inbox.last_inbound("62812") is None and not await inbox.in_window("62812")
    await inbox.wrote("62812", NOW - timedelta(hours=1))
    await inbox.wrote("62812", NOW - timedelta(hours=5))  # a late retry of an older message
    await inbox.wrote("62899", NOW + timedelta(hours=5))
    assert await inbox.last_inbound("62812") == NOW - timedelta(hours=1)
    assert await inbox.last_inbound("62899") == NOW  # a clock ahead of ours counts as now
    assert await inbox.in_window("62812")
    clock.now += timedelta(hours=23)
    assert not await inbox.in_window("62812")  # 5 minutes of margin before 24 hours


async def test_a_message_id_is_kept_only_as_an_hmac_under_the_installation_key(db):
    await WhatsAppInbox(db).arrived("wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNB")
    async with db.transaction() as session:
        [(stored,)] = (await session.exec(text("SELECT message_id FROM whatsapp_handled"))).all()
        [(key,)] = (await session.exec(text("SELECT value FROM installation_secret"))).all()
    expected = hmac.new(
        bytes.fromhex(key), b"wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNB", hashlib.sha256
    ).hexdigest()
    assert stored == expected and "628123456789" not in stored


async def test_a_message_older_than_the_retry_window_is_refused(db):
    clock = FakeClock(NOW)
    inbox = WhatsAppInbox(db, clock)
    assert await inbox.arrived("wamid.month", NOW - timedelta(days=30)) is False
    assert await inbox.arrived("wamid.week", NOW - RETENTION + timedelta(hours=1)) is True
    async with db.transaction() as session:
        count = (await session.exec(text("SELECT count(*) FROM whatsapp_handled"))).one()
    assert count[0] == 1  # nothing kept of the refused one


async def test_handled_ids_are_forgotten_after_the_retention(db):
    clock = FakeClock(NOW)
    inbox = WhatsAppInbox(db, clock)
    await inbox.arrived("wamid.old")
    clock.now += RETENTION + timedelta(minutes=1)
    await inbox.arrived("wamid.new")
    assert await inbox.arrived("wamid.old") is True


# --- the channel router -------------------------------------------------------------------


class Channel:
    def __init__(self, form: str, failure: Exception | None = None) -> None:
        self.form = form
        self.failure = failure
        self.seen: list[str] = []

    async def deliver(self, message: Queued) -> str:
        self.seen.append(message.key)
        if self.failure is not None:
            raise self.failure
        return self.form


def queued(person_id: int) -> Queued:
    return Queued(1, f"k{person_id}", person_id, "rekap", "Rekap", None, None, 0)


async def test_each_person_hears_on_a_bound_channel_telegram_first(db):
    services = Services.build(db)
    both, only_wa, nowhere = await members(services, 3)
    await services.accounts.bind_phone("telegram", "501", both.phone)
    await services.accounts.bind_phone("whatsapp", "62812000000", both.phone)
    await services.accounts.bind_phone("whatsapp", "62812000001", only_wa.phone)
    telegram, whatsapp = Channel("telegram"), Channel("whatsapp")
    router = ChannelRouter(services.accounts, {"telegram": telegram, "whatsapp": whatsapp})
    assert await router.deliver(queued(both.id)) == "telegram"
    assert await router.deliver(queued(only_wa.id)) == "whatsapp"
    with pytest.raises(Undeliverable, match="belum terhubung dengan telegram atau whatsapp"):
        await router.deliver(queued(nowhere.id))
    assert telegram.seen == ["k" + str(both.id)]
    blocked = ChannelRouter(
        services.accounts,
        {"telegram": Channel("telegram", Undeliverable("diblokir")), "whatsapp": whatsapp},
    )
    assert await blocked.deliver(queued(both.id)) == "whatsapp"
    later = Channel("telegram", TryLater("429"))
    waiting = ChannelRouter(services.accounts, {"telegram": later, "whatsapp": whatsapp})
    with pytest.raises(TryLater):
        await waiting.deliver(queued(both.id))
    assert whatsapp.seen == ["k" + str(only_wa.id), "k" + str(both.id)]
