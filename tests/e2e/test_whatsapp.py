"""The WhatsApp channel end to end: `ikm run` as a subprocess, pywa's own HTTP stack, a fake
Graph API, and signed webhooks posted to the bot's port."""

from __future__ import annotations

import asyncio
import json
import re
import time
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import create_engine, text

from ikm.db import Database
from survey.people.model import Role
from survey.services import Services
from tests.cli import run_ikm
from tests.e2e.fake_bot_api import FakeBotApi, User
from tests.e2e.telegram_process import SECRETARY, submit_responses
from tests.e2e.telegram_process import bind as bind_telegram
from tests.e2e.whatsapp_process import (
    APP_SECRET,
    NOTICE_TEMPLATE,
    VERIFY_TOKEN,
    Chatter,
    WaUser,
    WhatsAppProcess,
    bind,
    sign,
    update,
    wrote_at,
)
from tests.integration.helpers import row

SITI = WaUser("6281200000001", "Siti")
BUDI = WaUser("6281300000001", "Budi")
RAHMAH = WaUser("6281400000001", "Rahmah")
STRANGER = WaUser("6281199999999", "Orang Asing")
HIDDEN = WaUser(None, "Tanpa Nomor")
ACTING = User(7001, "Plt")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANSWERS = [(3, 4, 3, 3, 4, 2), (4, 4, 3, 4, 4, 3), (2, 3, 3, 3, 4, 2)]

pytestmark = pytest.mark.slow


def rows(url: str, query: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(query))]


def test_the_challenge_and_the_signature_guard_the_webhook(wa_fake, whatsapp, url):
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158"}
    answered = httpx.get(whatsapp.endpoint, params=params)
    assert (answered.status_code, answered.text) == (200, "1158")
    wrong = params | {"hub.verify_token": "salah"}
    assert httpx.get(whatsapp.endpoint, params=wrong).status_code == 403
    message = {"from": SITI.wa_id, "id": "wamid.SIGNED", "timestamp": str(int(time.time()))}
    message |= {"type": "text", "text": {"body": "survei"}}
    body = json.dumps(update(wa_fake.phone_id, SITI, message)).encode()
    wa_fake.record_inbound(str(SITI.wa_id))
    assert whatsapp.post(body, None).status_code == 401
    assert whatsapp.post(body, sign(body, "rahasia-palsu")).status_code == 403
    assert whatsapp.post(body, "sha256=" + "0" * 64).status_code == 403
    assert whatsapp.post(body.replace(b"survei", b"ekspor"), sign(body)).status_code == 403
    time.sleep(1.0)
    assert wa_fake.sent == [] and wa_fake.uploads == []
    assert rows(url, "SELECT count(*) FROM whatsapp_handled") == [(0,)]
    assert rows(url, "SELECT count(*) FROM chat_account") == [(0,)]
    assert whatsapp.post(body, sign(body)).status_code == 200
    wa_fake.wait_for(lambda m: m.to == SITI.wa_id and "Pertanyaan 1 dari 6" in m.text)


def test_unknown_and_hidden_numbers_are_refused_politely(wa_fake, whatsapp, url):
    stranger = Chatter(wa_fake, whatsapp, STRANGER)
    stranger.say("halo", "nomor WhatsApp ini tidak terdaftar")
    stranger.say("ikm", "tidak terdaftar")
    stranger.choose("jawab:prosedur:3", "Mudah", "tidak terdaftar")
    hidden = Chatter(wa_fake, whatsapp, HIDDEN)
    hidden.say("survei", "tidak terlihat")
    assert hidden.received()[-1].body.get("recipient") == HIDDEN.bsuid
    assert rows(url, "SELECT count(*) FROM chat_account") == [(0,)]
    assert rows(url, "SELECT count(*) FROM whatsapp_contact") == [(0,)]  # no stranger's number
    assert not any("IKM" in t or "Pertanyaan" in t for t in stranger.texts() + hidden.texts())
    handled = [m for (m,) in rows(url, "SELECT message_id FROM whatsapp_handled")]
    assert len(handled) == 4  # of each message only a keyed hash of its id, nothing else
    assert all(re.fullmatch(r"[0-9a-f]{64}", m) for m in handled)
    assert not any("wamid" in m or STRANGER.wa_id in m for m in handled)


def test_a_whole_survey_on_lists_buttons_and_typed_numbers(wa_fake, whatsapp, url):
    siti = Chatter(wa_fake, whatsapp, SITI)
    first = siti.say("Survei", "Pertanyaan 1 dari 6")
    assert siti.texts()[0].startswith("Selamat datang, Hj. Siti Aminah.")
    assert first.kind == "list" and "\n1. Tidak mudah\n2. Kurang mudah" in first.text
    assert first.choices == [
        ("Tidak mudah", "jawab:prosedur:1"),
        ("Kurang mudah", "jawab:prosedur:2"),
        ("Mudah", "jawab:prosedur:3"),
        ("Sangat mudah", "jawab:prosedur:4"),
    ]
    siti.quiet_for(0.5)
    assert siti.received()[-1] == first  # no Kembali on the first question
    siti.choose("jawab:prosedur:3", "Mudah", "Pertanyaan 2 dari 6")
    siti.choices(("Kembali", "kembali:waktu"))
    siti.choose("jawab:prosedur:3", "Mudah", "Jawaban itu sudah tercatat.")
    siti.say("4", "Pertanyaan 3 dari 6")
    siti.press("kembali:produk", "Kembali", "jawaban sebelumnya: Sangat cepat")
    siti.say("2", "Pertanyaan 3 dari 6")
    siti.choose("jawab:prosedur:1", "Tidak mudah", "sudah tidak berlaku")  # an old list
    siti.reply(lambda m: "Pertanyaan 3 dari 6" in m.text)
    for code, value in (("produk", 4), ("kompetensi", 4), ("perilaku", 3)):
        siti.choose(f"jawab:{code}:{value}", "…", "Pertanyaan")
    siti.choose("jawab:sarana:1", "Buruk", "saran")
    siti.choices(("Lewati", "lewati"), ("Kembali", "kembali:saran"))
    review = siti.say("AC ruang rapat perlu diperbaiki", "Ringkasan jawaban")
    assert review.kind == "list" and len(review.choices) == 7
    assert all(len(title) <= 24 for title, _ in review.choices)
    assert review.choices[1][1] == "ubah:waktu" and review.choices[-1][1] == "ubah:saran"
    siti.choices(("Kirim", "kirim"))
    siti.choose("ubah:waktu", review.choices[1][0], "Pertanyaan 2 dari 6")
    siti.choices(("Kembali ke ringkasan", "kembali:waktu"))
    siti.choose("jawab:waktu:3", "Cepat", "Ringkasan jawaban")
    siti.press("kirim", "Kirim", "Terima kasih")
    siti.press("kirim", "Kirim", "sudah Bapak/Ibu kirim")
    # one response alone waits in the sealed pool for k - 1 more (anonymity)
    [(sealed, saran)] = rows(url, "SELECT answers, saran FROM sealed_response")
    assert json.loads(sealed) == {
        "prosedur": 3,
        "waktu": 3,
        "produk": 4,
        "kompetensi": 4,
        "perilaku": 3,
        "sarana": 1,
    }
    assert saran == "AC ruang rapat perlu diperbaiki"
    assert rows(url, "SELECT channel, external_id FROM chat_account") == [("whatsapp", SITI.wa_id)]
    assert wa_fake.rejected == []


def test_cancel_asks_on_buttons_and_unknown_choices_change_nothing(wa_fake, whatsapp, url):
    siti = Chatter(wa_fake, whatsapp, SITI)
    siti.say("survei", "Pertanyaan 1 dari 6")
    siti.choose("jawab:prosedur:3", "Mudah", "Pertanyaan 2 dari 6")
    siti.choose("jawab:prosedur:9", "Palsu", "Pilihan itu tidak dikenal")
    question = siti.say("/batal", "Batalkan survei?")
    assert question.choices == [("Ya, batalkan", "batal:ya"), ("Tidak, lanjutkan", "batal:tidak")]
    siti.press("batal:tidak", "Tidak, lanjutkan", "Pertanyaan 2 dari 6")
    siti.say("batal", "Batalkan survei?")
    siti.press("batal:ya", "Ya, batalkan", "Survei dibatalkan")
    assert rows(url, "SELECT count(*) FROM survey_draft") == [(0,)]
    sticker = {"mime_type": "image/webp", "sha256": "c3Q=", "id": "1234", "animated": False}
    siti.post({"type": "sticker", "sticker": sticker})
    wa_fake.wait_for(lambda m: m.to == SITI.wa_id and "hanya memahami teks" in m.text)


def test_restart_resumes_and_a_retried_delivery_is_handled_once(wa_fake, url, tmp_path):
    first = WhatsAppProcess(wa_fake, url, tmp_path)
    siti = Chatter(wa_fake, first, SITI)
    siti.say("survei", "Pertanyaan 1 dari 6")
    siti.choose("jawab:prosedur:4", "Sangat mudah", "Pertanyaan 2 dari 6")
    assert siti.resend() == 200  # WhatsApp delivers the same update again
    siti.quiet_for(1.0)
    siti.choose("jawab:waktu:3", "Cepat", "Pertanyaan 3 dari 6")
    first.kill9()
    second = WhatsAppProcess(wa_fake, url, tmp_path)
    siti.bot = second
    try:
        assert siti.resend() == 200  # … and again after the restart
        siti.quiet_for(1.5)
        siti.say("survei", "Pertanyaan 3 dari 6")
        siti.press("kembali:produk", "Kembali", "jawaban sebelumnya: Cepat")
    finally:
        second.stop()
    assert rows(url, "SELECT count(*) FROM whatsapp_handled") == [(5,)]
    assert rows(url, "SELECT wa_id FROM whatsapp_contact") == [(SITI.wa_id,)]


def test_leaders_ask_in_words_and_get_the_chart_and_the_workbook(wa_fake, url, tmp_path):
    submit_responses(url, ANSWERS)
    process = WhatsAppProcess(wa_fake, url, tmp_path)
    try:
        budi = Chatter(wa_fake, process, BUDI)
        budi.say("bantuan", "/ekspor")
        budi.quiet_for(0.5)
        assert len(budi.texts()) == 1  # the welcome already lists what one can do
        headline = budi.say("IKM", "IKM periode Semester II 2026")
        assert "(B, Baik)" in headline.text
        image = wa_fake.wait_for(lambda m: m.to == BUDI.wa_id and m.type == "image")
        upload = next(u for u in wa_fake.uploads if u.id == image.body["image"]["id"])
        assert upload.mime_type == "image/png" and upload.data.startswith(b"\x89PNG")
        budi.say("/ekspor", "Laporan IKM periode Semester II 2026")
        document = wa_fake.wait_for(lambda m: m.to == BUDI.wa_id and m.type == "document")
        assert document.body["document"]["filename"] == "ikm-semester-ii-2026.xlsx"
        workbook = next(u for u in wa_fake.uploads if u.id == document.body["document"]["id"])
        assert workbook.mime_type == XLSX and workbook.data.startswith(b"PK")
        budi.say("berapa IKM sekarang?", "IKM periode Semester II 2026")
        siti = Chatter(wa_fake, process, SITI)
        siti.say("ekspor", "hanya untuk Kepala Bidang dan Sekretaris")
        assert len([m for m in wa_fake.sent if m.type == "document"]) == 1
    finally:
        process.stop()


def test_a_closed_period_reaches_the_sekretaris_by_template_once(wa_fake, url, tmp_path):
    submit_responses(url, ANSWERS)
    bind(url, str(RAHMAH.wa_id), SECRETARY[1])
    closed = run_ikm("period", "close", database_url=url, cwd=tmp_path)
    assert closed.returncode == 0, closed.stderr
    process = WhatsAppProcess(wa_fake, url, tmp_path)
    try:
        notice = wa_fake.wait_for(lambda m: m.type == "template", timeout=20)
    finally:
        process.stop()
    assert notice.to == RAHMAH.wa_id
    assert notice.body["template"]["name"] == NOTICE_TEMPLATE[0]
    assert notice.text.startswith("Periode survei Semester II 2026 telah ditutup. · IKM periode")
    again = WhatsAppProcess(wa_fake, url, tmp_path)
    try:
        time.sleep(1.5)
    finally:
        again.stop()
    assert len([m for m in wa_fake.sent if m.type == "template"]) == 1
    assert rows(url, "SELECT kind, sent_form FROM outbox") == [
        ("periode-ditutup", "whatsapp-template")
    ]


def test_telegram_and_whatsapp_run_together_and_each_person_hears_on_theirs(
    wa_fake, url, tmp_path
):
    submit_responses(url, ANSWERS)
    add_person(url, "Plt. Sekretaris", "+6281400000002", Role.SEKRETARIS)
    bind_telegram(url, ACTING.id, "+6281400000002")
    bind(url, str(RAHMAH.wa_id), SECRETARY[1])
    wrote_at(url, str(RAHMAH.wa_id), datetime.now(UTC) - timedelta(hours=1))
    wa_fake.record_inbound(str(RAHMAH.wa_id), time.time() - 3600)
    assert run_ikm("period", "close", database_url=url, cwd=tmp_path).returncode == 0
    with FakeBotApi() as telegram:
        extra = {"IKM_TELEGRAM_TOKEN": telegram.token, "IKM_TELEGRAM_API_URL": telegram.base_url}
        process = WhatsAppProcess(wa_fake, url, tmp_path, extra)
        try:
            telegram.wait_for(lambda c: c.is_("getUpdates"), timeout=30)
            on_telegram = telegram.wait_for(
                lambda c: c.is_("sendMessage") and "telah ditutup" in str(c.params.get("text")),
                timeout=20,
            )
            on_whatsapp = wa_fake.wait_for(lambda m: "telah ditutup" in m.text, timeout=20)
            budi = Chatter(wa_fake, process, BUDI)
            budi.say("ikm", "IKM periode Semester II 2026")
            telegram.text_message(User(7002, "Asing"), "/start")
            telegram.wait_for(lambda c: c.is_("sendMessage") and c.params["chat_id"] == 7002)
        finally:
            err = process.stop()
    assert on_telegram.params["chat_id"] == ACTING.id
    assert on_whatsapp.to == RAHMAH.wa_id and on_whatsapp.type == "text"
    assert sorted(rows(url, "SELECT sent_form FROM outbox")) == [("telegram",), ("whatsapp",)]
    assert telegram.token not in err and wa_fake.token not in err and APP_SECRET not in err


def add_person(url: str, name: str, phone: str, role: Role) -> None:
    """One more roster person, as a roster import would add."""

    async def work() -> None:
        db = Database.from_url(url)
        await Services.build(db).roster.import_rows([row(2, name, phone, role)], dry_run=False)
        await db.dispose()

    asyncio.run(work())


def test_a_kabid_records_a_task_report_by_words_and_lists(wa_fake, url, tmp_path):
    async def tasks(services: Services) -> None:
        for name, due in (("Kunker Komisi I", date(2026, 9, 1)), ("Reses", date(2026, 10, 1))):
            await services.records.add_task(
                "cli", name=name, kind="kunker", bidang="persidangan", due_on=due
            )

    async def run(work) -> None:
        db = Database.from_url(url)
        try:
            await work(Services.build(db))
        finally:
            await db.dispose()

    asyncio.run(run(tasks))
    process = WhatsAppProcess(wa_fake, url, tmp_path)
    try:
        budi = Chatter(wa_fake, process, BUDI)
        listing = budi.say("laporan", "Pilih tugas yang laporannya sudah diterima")
        title, action = next(c for c in listing.choices if c[0].startswith("Kunker"))
        asked = budi.choose(action, title, "Kapan laporan diterima?")
        today = next(c for c in asked.choices if c[0] == "Hari ini")
        confirm = budi.press(today[1], today[0], "Diterima oleh: Drs. Budi Santoso")
        save = next(c for c in confirm.choices if c[0] == "Ya, simpan")
        saved = budi.press(save[1], save[0], "Tersimpan: laporan tugas diterima")
        assert rows(url, "SELECT received_by FROM task_report") == [("Drs. Budi Santoso",)]
        undo = next(c for c in saved.choices if "Batalkan" in c[0])
        budi.press(undo[1], undo[0], "Dibatalkan: 1 perubahan")
        assert rows(url, "SELECT count(*) FROM task_report") == [(0,)]
        siti = Chatter(wa_fake, process, SITI)
        siti.say("rapat", "hanya untuk staf, Kepala Bidang dan Sekretaris")
        assert wa_fake.rejected == []
    finally:
        process.stop()


def test_a_signed_message_older_than_the_retry_window_is_not_processed(wa_fake, whatsapp, url):
    siti = Chatter(wa_fake, whatsapp, SITI)
    siti.say("survei", "Pertanyaan 1 dari 6")
    month_old = time.time() - 30 * 24 * 3600
    assert siti.post({"type": "text", "text": {"body": "bantuan"}}, sent_at=month_old) == 200
    siti.quiet_for(1.0)  # acknowledged (so WhatsApp stops retrying), never acted on
    siti.say("bantuan", "/survei")  # a fresh one still is
    assert rows(url, "SELECT count(*) FROM whatsapp_handled") == [(2,)]


def test_a_revoked_whatsapp_token_ends_the_process_non_zero(wa_fake, url, tmp_path):
    process = WhatsAppProcess(wa_fake, url, tmp_path)
    siti = Chatter(wa_fake, process, SITI)
    wa_fake.fail_next(20, status=401, code=190)  # Meta: "Error validating access token"
    assert siti.post({"type": "text", "text": {"body": "survei"}}) == 200
    code = process.proc.wait(timeout=30)
    err = process.stop()
    assert code == 3, err
    critical = [line for line in err.splitlines() if "CRITICAL" in line]
    assert len(critical) == 1 and "rejected the token" in critical[0], err
    assert wa_fake.token not in err and APP_SECRET not in err and "still running" not in err


def test_a_batched_webhook_has_every_message_handled_in_order(wa_fake, whatsapp, url):
    now = str(int(time.time()))
    wa_fake.record_inbound(SITI.wa_id)
    wa_fake.record_inbound(BUDI.wa_id)

    def text(n: int, body: str) -> dict:
        return {"id": f"wamid.BATCH{n}", "timestamp": now, "type": "text", "text": {"body": body}}

    siti = update(wa_fake.phone_id, SITI, text(1, "survei"))
    siti["entry"][0]["changes"][0]["value"]["messages"].append(text(2, "bantuan"))
    siti["entry"][0]["changes"][0]["value"]["messages"][0]["from"] = SITI.wa_id
    siti["entry"][0]["changes"][0]["value"]["messages"][1]["from"] = SITI.wa_id
    budi = update(wa_fake.phone_id, BUDI, text(3, "bantuan") | {"from": BUDI.wa_id})
    siti["entry"] += budi["entry"]  # two entries, the first with two messages
    body = json.dumps(siti).encode()
    assert whatsapp.post(body, sign(body)).status_code == 200
    wa_fake.wait_for(lambda m: m.to == BUDI.wa_id and "/ikm" in m.text)
    first = wa_fake.wait_for(lambda m: m.to == SITI.wa_id and "Pertanyaan 1 dari 6" in m.text)
    then = wa_fake.wait_for(  # the answer to "bantuan", which came second
        lambda m: m.to == SITI.wa_id and "/survei" in m.text and m.id > first.id
    )
    assert then.text.startswith("Yang dapat")
    assert rows(url, "SELECT count(*) FROM whatsapp_handled") == [(3,)]
