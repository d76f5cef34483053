"""The Telegram channel end to end: `ikm run` as a subprocess, PTB's own HTTP stack, a fake API."""

from __future__ import annotations

import json
import time

import httpx
from sqlalchemy import create_engine, text

from tests.cli import run_ikm
from tests.e2e.fake_bot_api import FakeBotApi, User
from tests.e2e.loopback import free_port
from tests.e2e.telegram_process import (
    KABID,
    MEMBERS,
    SECRETARY,
    STAFF,
    BotProcess,
    Chatter,
    bind,
    submit_responses,
    webhook_settings,
)

SITI = User(5001, "Siti")
AHMAD = User(5002, "Ahmad")
BUDI = User(5003, "Budi")
RAHMAH = User(5004, "Rahmah")
YUSUF = User(5005, "Yusuf")
STRANGER = User(6666, "Orang Asing")


def rows(url: str, query: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(query))]


def register(fake: FakeBotApi, user: User, phone: str) -> Chatter:
    chat = Chatter(fake, user)
    chat.say("/start", "membagikan nomor")
    chat.share_contact(phone, user.id, "Selamat datang")
    return chat


def test_stranger_and_foreign_contacts_bind_nothing(fake, bot, url):
    stranger = Chatter(fake, STRANGER)
    stranger.say("/start", "membagikan nomor")
    markup = fake.last_reply_markup(STRANGER.id)
    assert markup["keyboard"][0][0]["request_contact"] is True
    stranger.say("berapa IKM sekarang?", "membagikan nomor")
    stranger.share_contact(MEMBERS[0][1], SITI.id, "hanya nomor Bapak/Ibu sendiri")
    stranger.share_contact("+62 811 9999 9999", STRANGER.id, "tidak terdaftar")
    assert rows(url, "SELECT * FROM chat_account") == []
    assert not any("IKM periode" in t for t in stranger.texts())


def test_registration_by_contact_sets_the_menu_for_the_role(fake, bot, url):
    siti = register(fake, SITI, "0812-0000-0001")
    assert "Hj. Siti Aminah" in siti.texts()[-1]
    budi = register(fake, BUDI, KABID[1])
    assert "/ikm" in budi.texts()[-1]
    assert ("ikm", "Nilai IKM periode berjalan") in fake.commands_for(BUDI.id)
    assert "ikm" not in [c for c, _ in fake.commands_for(SITI.id)]
    bound = rows(url, "SELECT external_id FROM chat_account ORDER BY external_id")
    assert bound == [(str(SITI.id),), (str(BUDI.id),)]


def test_registration_by_invite_link_works_once(fake, bot, url, tmp_path):
    env = {"IKM_TELEGRAM_TOKEN": fake.token, "IKM_TELEGRAM_API_URL": fake.base_url}
    made = run_ikm(
        "invite", "create", "--telepon", "0812 0000 0002", database_url=url, cwd=tmp_path, env=env
    )
    assert made.returncode == 0, made.stderr
    link = made.stdout.split()[-1]
    assert link.startswith("https://t.me/ikm_test_bot?start=")
    token = link.partition("start=")[2]
    ahmad = Chatter(fake, AHMAD)
    ahmad.say(f"/start {token}", "Selamat datang, H. Ahmad Rizani")
    again = Chatter(fake, STRANGER)
    again.say(f"/start {token}", "tidak berlaku")
    released = run_ikm("akun", "lepas", MEMBERS[1][1], database_url=url, cwd=tmp_path)
    assert "1 akun telegram dilepas" in released.stdout
    assert rows(url, "SELECT count(*) FROM chat_account") == [(0,)]


def test_invite_without_a_token_or_for_a_stranger_says_why(url, tmp_path):
    no_token = run_ikm(
        "invite", "create", "--telepon", "0812 0000 0002", database_url=url, cwd=tmp_path
    )
    assert no_token.returncode == 1 and "IKM_TELEGRAM_TOKEN belum diatur" in no_token.stderr


def test_a_whole_survey_with_back_double_tap_stale_and_forged_buttons(fake, bot, url):
    siti = register(fake, SITI, MEMBERS[0][1])
    siti.say("/survei", "Pertanyaan 1 dari 6")
    assert [r[0][1] for r in fake.last_keyboard(SITI.id)] == [
        "jawab:prosedur:1",
        "jawab:prosedur:2",
        "jawab:prosedur:3",
        "jawab:prosedur:4",
    ]
    first = siti.last_message_id()
    siti.press("jawab:prosedur:3", "Pertanyaan 2 dari 6")
    assert siti.press_for_toast("jawab:prosedur:3", first) == "Jawaban itu sudah tercatat."
    assert siti.press_for_toast("jawab:prosedur:9") == (
        "Pilihan itu tidak dikenal. Silakan gunakan tombol yang tersedia."
    )
    siti.press("kembali:waktu", "Pertanyaan 1 dari 6")
    siti.press("jawab:prosedur:2", "Pertanyaan 2 dari 6")
    for code in ("waktu", "produk", "kompetensi", "perilaku"):
        siti.press(f"jawab:{code}:4", "Pertanyaan")
    siti.press("jawab:sarana:1", "saran")
    siti.say("AC ruang rapat perlu diperbaiki", "Ringkasan jawaban")
    review = siti.last_message_id()
    siti.press("kirim", "Terima kasih")
    siti.press("kirim", "sudah Bapak/Ibu kirim", review)
    # one response alone waits in the sealed pool for k - 1 more (anonymity)
    [(sealed, saran)] = rows(url, "SELECT answers, saran FROM sealed_response")
    assert rows(url, "SELECT count(*) FROM response") == [(0,)]
    assert json.loads(sealed) == {
        "kompetensi": 4,
        "perilaku": 4,
        "produk": 4,
        "prosedur": 2,
        "sarana": 1,
        "waktu": 4,
    }
    assert saran == "AC ruang rapat perlu diperbaiki"
    callbacks = [c for c in fake.calls() if c.is_("answerCallbackQuery")]
    assert len(callbacks) == 12 and all(c.ok for c in callbacks)  # one per button pressed


def test_kill_9_mid_survey_resumes_at_the_same_question(fake, url, tmp_path):
    first = BotProcess(fake, url, tmp_path)
    siti = register(fake, SITI, MEMBERS[0][1])
    siti.say("/survei", "Pertanyaan 1 dari 6")
    siti.press("jawab:prosedur:4", "Pertanyaan 2 dari 6")
    siti.press("jawab:waktu:3", "Pertanyaan 3 dari 6")
    first.kill9()
    second = BotProcess(fake, url, tmp_path)
    try:
        resumed = siti.say("/survei", "Pertanyaan 3 dari 6")
        assert "Pertanyaan 3 dari 6" in resumed
        siti.press("kembali:produk", "jawaban sebelumnya: Cepat")
    finally:
        second.stop()


ROLES = {
    "anggota": (SITI, MEMBERS[0][1]),
    "staf": (YUSUF, STAFF[1]),
    "kabid": (BUDI, KABID[1]),
    "sekretaris": (RAHMAH, SECRETARY[1]),
}
REFUSED = "hanya untuk Kepala Bidang dan Sekretaris"
HIDDEN = "belum ditampilkan: baru 0 anggota mengisi"
NO_PERIOD_DATA = "belum dapat dibuat: baru 0 anggota mengisi"
#: command → what each role reads back (a stranger always gets the registration prompt).
COMMAND_TABLE = {
    "/start": {
        "anggota": "Selamat datang",
        "staf": "Selamat datang",
        "kabid": "Selamat datang",
        "sekretaris": "Selamat datang",
    },
    "/survei": {
        "anggota": "Pertanyaan 1 dari 6",
        "staf": "hanya untuk anggota DPRD",
        "kabid": "hanya untuk anggota DPRD",
        "sekretaris": "hanya untuk anggota DPRD",
    },
    "/batal": {
        "anggota": "Batalkan survei?",
        "staf": "hanya untuk anggota DPRD",
        "kabid": "hanya untuk anggota DPRD",
        "sekretaris": "hanya untuk anggota DPRD",
    },
    "/bantuan": {
        "anggota": "/survei",
        "staf": "terdaftar sebagai staf",
        "kabid": "/ekspor",
        "sekretaris": "/ekspor",
    },
    "/ikm": {"anggota": REFUSED, "staf": REFUSED, "kabid": HIDDEN, "sekretaris": HIDDEN},
    "/ekspor": {
        "anggota": REFUSED,
        "staf": REFUSED,
        "kabid": NO_PERIOD_DATA,
        "sekretaris": NO_PERIOD_DATA,
    },
    "/belum": {
        "anggota": REFUSED,
        "staf": REFUSED,
        "kabid": "Belum mengisi survei periode",
        "sekretaris": "Belum mengisi survei periode",
    },
    "berapa IKM sekarang?": {
        "anggota": "Silakan pilih salah satu jawaban",
        "staf": "hanya untuk anggota DPRD",
        "kabid": HIDDEN,
        "sekretaris": HIDDEN,
    },
    "/tidakada": {r: "Perintah tidak dikenal" for r in ("anggota", "staf", "kabid", "sekretaris")},
}


def test_every_command_against_every_role(fake, bot):
    chats = {role: register(fake, user, phone) for role, (user, phone) in ROLES.items()}
    stranger = Chatter(fake, STRANGER)
    for command, by_role in COMMAND_TABLE.items():
        for role, expect in by_role.items():
            assert expect in chats[role].say(command, expect), (command, role)
        stranger.say(command, "membagikan nomor")
    assert not any("IKM periode" in t for t in stranger.texts())


def test_cancel_asks_first_then_discards_the_draft(fake, bot, url):
    siti = register(fake, SITI, MEMBERS[0][1])
    siti.say("/survei", "Pertanyaan 1 dari 6")
    siti.press("jawab:prosedur:3", "Pertanyaan 2 dari 6")
    siti.say("/batal", "Batalkan survei?")
    siti.press("batal:tidak", "Pertanyaan 2 dari 6")
    siti.say("/batal", "Batalkan survei?")
    siti.press("batal:ya", "Survei dibatalkan")
    assert rows(url, "SELECT count(*) FROM survey_draft") == [(0,)]
    assert "jawaban sebelumnya" not in siti.say("/survei", "Pertanyaan 1 dari 6")


def test_429_and_502_on_sends_lose_and_double_nothing(fake, bot):
    siti = register(fake, SITI, MEMBERS[0][1])
    fake.fail_next("sendMessage", 1, 429, retry_after=1)
    fake.fail_next("sendMessage", 2, 502)
    siti.say("/bantuan", "/survei")
    sent = [
        c
        for c in fake.calls("sendMessage", ok=True)
        if c.params.get("chat_id") == SITI.id
        and str(c.params.get("text")).startswith("Yang dapat Bapak/Ibu lakukan")
    ]
    assert len(sent) == 1
    assert len([c for c in fake.calls("sendMessage") if not c.ok]) == 3


def test_groups_media_and_edits_get_a_short_hint(fake, bot, url):
    siti = register(fake, SITI, MEMBERS[0][1])
    siti._after(lambda: fake.sticker_message(SITI), "hanya memahami teks")
    siti._after(lambda: fake.voice_message(SITI), "hanya memahami teks")
    siti._after(lambda: fake.location_message(SITI), "hanya memahami teks")
    siti._after(lambda: fake.edited_message(SITI, siti.last_message_id(), "x"), "diubah")
    fake.group_text_message(STRANGER, "/start")
    fake.wait_for(
        lambda c: c.is_("sendMessage") and "chat pribadi" in str(c.params.get("text")), timeout=15
    )
    assert rows(url, "SELECT count(*) FROM chat_account") == [(1,)]


def test_webhook_checks_the_secret_and_queues_good_updates(fake, url, tmp_path):
    port, secret = free_port(), "rahasia-webhook-0123456789"
    process = BotProcess(fake, url, tmp_path, webhook_settings(port, secret))
    try:
        hook = fake.calls("setWebhook")[-1].params
        assert hook["url"] == f"http://127.0.0.1:{port}/telegram"
        assert fake.webhook_listening == [True]  # registered only once the server listened
        assert hook["secret_token"] == secret
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "text": "/start",
                "chat": {"id": STRANGER.id, "type": "private"},
                "from": {"id": STRANGER.id, "is_bot": False, "first_name": "Asing"},
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        endpoint = f"http://127.0.0.1:{port}/telegram"
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "salah"}):
            assert httpx.post(endpoint, json=update, headers=headers).status_code == 403
        good = {"X-Telegram-Bot-Api-Secret-Token": secret}
        assert httpx.post(endpoint, json=update, headers=good).status_code == 200
        fake.wait_for(lambda c: c.is_("sendMessage") and c.params["chat_id"] == STRANGER.id)
        assert len(fake.calls("sendMessage")) == 1
    finally:
        err = process.stop()
    assert secret not in err and fake.token not in err


def test_leaders_get_the_ikm_with_its_chart_and_the_workbook(fake, url, tmp_path):
    submit_responses(url, [(3, 4, 3, 3, 4, 2), (4, 4, 3, 4, 4, 3), (2, 3, 3, 3, 4, 2)])
    process = BotProcess(fake, url, tmp_path)
    try:
        budi = register(fake, BUDI, KABID[1])
        headline = budi.say("/ikm", "IKM periode Semester II 2026")
        assert "(B, Baik)" in headline and "Responden: 3 dari 7 anggota." in headline
        photo = fake.wait_for(lambda c: c.is_("sendPhoto") and c.ok)
        assert photo.files["photo"][1].startswith(b"\x89PNG")
        budi.say("/ekspor", "Laporan IKM periode Semester II 2026")
        document = fake.wait_for(lambda c: c.is_("sendDocument") and c.ok)
        filename, content = document.files["document"]
        assert filename == "ikm-semester-ii-2026.xlsx" and content.startswith(b"PK")
        siti = register(fake, SITI, MEMBERS[0][1])
        siti.say("/ekspor", "hanya untuk Kepala Bidang dan Sekretaris")
        assert len(fake.calls("sendDocument")) == 1
    finally:
        process.stop()


def test_closing_a_period_reaches_the_sekretaris_through_the_outbox_once(fake, url, tmp_path):
    submit_responses(url, [(3, 4, 3, 3, 4, 2), (4, 4, 3, 4, 4, 3), (2, 3, 3, 3, 4, 2)])
    bind(url, RAHMAH.id, SECRETARY[1])
    closed = run_ikm("period", "close", database_url=url, cwd=tmp_path)
    assert closed.returncode == 0, closed.stderr
    process = BotProcess(fake, url, tmp_path)
    try:
        notice = fake.wait_for(
            lambda c: c.is_("sendMessage") and "telah ditutup" in str(c.params.get("text")),
            timeout=20,
        )
        assert notice.params["chat_id"] == RAHMAH.id
        assert "IKM periode Semester II 2026" in notice.params["text"]
    finally:
        process.stop()
    again = BotProcess(fake, url, tmp_path)
    try:
        again.fake.wait_for(lambda c: c.is_("getUpdates"), timeout=20)
        time.sleep(1.5)
    finally:
        again.stop()
    notices = [
        c for c in fake.calls("sendMessage") if "telah ditutup" in str(c.params.get("text"))
    ]
    assert len(notices) == 1
    assert rows(url, "SELECT kind, sent_form FROM outbox") == [("periode-ditutup", "telegram")]


def test_no_log_line_carries_an_answer_or_saran_beside_a_chat_id(fake, url, tmp_path):
    marker, log = "SARANRAHASIA-7f3a", tmp_path / "ikm.log"
    with log.open("w") as written:  # a file: a debug log would fill a pipe nobody reads
        process = BotProcess(fake, url, tmp_path, {"IKM_LOG_LEVEL": "DEBUG"}, written)
    try:
        siti = register(fake, SITI, MEMBERS[0][1])
        siti.say("/survei", "Pertanyaan 1 dari 6")
        for code in ("prosedur", "waktu", "produk", "kompetensi", "perilaku"):
            siti.press(f"jawab:{code}:3", "Pertanyaan")
        siti.press("jawab:sarana:2", "saran")
        siti.say(f"{marker} kursi rusak", "Ringkasan jawaban")
        siti.press("kirim", "Terima kasih")
    finally:
        process.stop()
    err = log.read_text()
    assert "DEBUG" in err  # the level asked for is in force: this is not a quiet log
    assert marker not in err
    for line in err.splitlines():
        if str(SITI.id) in line or MEMBERS[0][1] in line:
            assert "jawab:" not in line and "Ringkasan" not in line, line


def test_a_revoked_token_never_shows_in_a_command_s_error(fake, url, tmp_path):
    fake.revoke()
    env = {"IKM_TELEGRAM_TOKEN": fake.token, "IKM_TELEGRAM_API_URL": fake.base_url}
    made = run_ikm(
        "invite", "create", "--telepon", "0812 0000 0002", database_url=url, cwd=tmp_path, env=env
    )
    assert made.returncode == 1 and made.stderr.startswith("Gagal: ")
    assert len(made.stderr.strip().splitlines()) == 1
    assert fake.token not in made.stderr and fake.token.split(":")[1] not in made.stderr
