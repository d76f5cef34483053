"""Recording by chat on Telegram end to end: /pelatihan, /laporan, /rapat, undo, roles, kill -9."""

from __future__ import annotations

import asyncio
from datetime import date

from ikm.db import Database
from survey.services import Services
from survey.tables import utcnow
from survey.zone import WITA, local_date
from tests.e2e.telegram_process import (
    KABID,
    MEMBERS,
    SECRETARY,
    STAFF,
    BotProcess,
    Chatter,
    button,
)
from tests.e2e.test_telegram import (
    BUDI,
    RAHMAH,
    ROLES,
    STRANGER,
    YUSUF,
    register,
    rows,
)

ONLY_RECORDERS = "hanya untuk staf, Kepala Bidang dan Sekretaris"


def with_services(url: str, work) -> None:
    """Run `work(services)` against the bot's database, as the command line would."""

    async def run() -> None:
        db = Database.from_url(url)
        try:
            await work(Services.build(db))
        finally:
            await db.dispose()

    asyncio.run(run())


def version_of(action: str) -> str:
    return action.split(":")[1]


def test_training_flow_confirms_saves_once_and_only_its_author_undoes(fake, bot, url):
    yusuf = register(fake, YUSUF, STAFF[1])
    yusuf.say("/pelatihan", "Pilih pelatihan, atau pilih Pelatihan baru")
    yusuf.press(button(fake, YUSUF, "Pelatihan baru"), "Ketik nama pelatihan")
    yusuf.say("Bimtek Keuangan Daerah", "Ketik tanggal pelatihan")
    yusuf.say("05/01/2026 - 7 Januari 2026", "penyelenggara")
    yusuf.press(button(fake, YUSUF, "Lewati"), "Centang anggota")
    yusuf.press(button(fake, YUSUF, "Siti"), "Dicentang: 1 anggota")
    assert button(fake, YUSUF, "✅ Hj. Siti Aminah")
    yusuf.press(button(fake, YUSUF, "Simpan"), "Periksa data di atas")
    confirm = yusuf.texts()[-1]
    assert "Tanggal: 5 Januari 2026 – 7 Januari 2026" in confirm
    assert "Peserta: Hj. Siti Aminah" in confirm
    assert rows(url, "SELECT count(*) FROM training") == [(0,)]
    confirm_id, save = yusuf.last_message_id(), button(fake, YUSUF, "Ya, simpan")
    yusuf.press(save, "Tersimpan: kehadiran pelatihan")
    assert yusuf.press_for_toast(save, confirm_id) == "Catatan itu sudah disimpan."
    assert rows(url, "SELECT count(*) FROM training_attendance") == [(1,)]
    undo = button(fake, YUSUF, "Batalkan")
    budi = register(fake, BUDI, KABID[1])
    budi.press(undo, "hanya pencatatnya yang dapat membatalkannya", message_id=1)
    yusuf.press(undo, "Dibatalkan: 2 perubahan")
    assert rows(url, "SELECT count(*) FROM training") == [(0,)]
    yusuf.say("/urungkan", "Tidak ada pencatatan Anda yang dapat dibatalkan")


def test_report_flow_refuses_an_already_reported_task_and_stale_buttons(fake, url, tmp_path):
    async def tasks(services: Services) -> None:
        for name, due in (("Kunker Komisi I", date(2026, 9, 1)), ("Reses", date(2026, 10, 1))):
            await services.records.add_task(
                "cli", name=name, kind="kunker", bidang="persidangan", due_on=due
            )

    with_services(url, tasks)
    process = BotProcess(fake, url, tmp_path)
    try:
        budi = register(fake, BUDI, KABID[1])
        budi.say("/laporan", "Pilih tugas yang laporannya sudah diterima")
        chosen = button(fake, BUDI, "Kunker Komisi I")
        budi.press(chosen, "Kapan laporan diterima?")
        budi.say("31/02/2026", "Kapan laporan diterima?")  # the error, then the screen again
        assert "tanggal tidak dikenali" in budi.texts()[-2]
        budi.press(button(fake, BUDI, "Hari ini"), "Diterima oleh: Drs. Budi Santoso")
        budi.press(button(fake, BUDI, "Ya, simpan"), "Tersimpan: laporan tugas diterima")
        assert rows(url, "SELECT received_by FROM task_report") == [("Drs. Budi Santoso",)]
        budi.say("/laporan", "Pilih tugas")
        assert fake.last_keyboard(BUDI.id)[0][0][0].startswith("Reses")
        assert budi.press_for_toast(chosen) == (
            "Tombol itu sudah tidak berlaku. Silakan lanjutkan dari layar berikut."
        )
        current = version_of(button(fake, BUDI, "Reses"))
        forged = chosen.replace(f":{version_of(chosen)}:", f":{current}:")
        budi.press(forged, "laporan tugas 'Kunker Komisi I' sudah dicatat")
        assert rows(url, "SELECT count(*) FROM task_report") == [(1,)]
        assert budi.press_for_toast("catat:1:terbang") == (
            "Pilihan itu tidak dikenal. Silakan gunakan tombol yang tersedia."
        )
        budi.say("/batal", "Pencatatan dibatalkan")
        budi.say("/urungkan", "Dibatalkan: 1 perubahan")
        assert rows(url, "SELECT count(*) FROM task_report") == [(0,)]
    finally:
        process.stop()


def test_meeting_flow_refuses_a_date_outside_the_plan_year(fake, url, tmp_path):
    async def plan(services: Services) -> None:
        await services.records.plan_meeting(
            "cli", agenda="Raperda Pajak Daerah", planned_on=date(2026, 3, 2)
        )

    with_services(url, plan)
    process = BotProcess(fake, url, tmp_path)
    try:
        rahmah = register(fake, RAHMAH, SECRETARY[1])
        rahmah.say("/rapat", "Pilih rapat yang sudah dilaksanakan")
        rahmah.press(button(fake, RAHMAH, "Raperda Pajak Daerah"), "Kapan rapat dilaksanakan?")
        rahmah.say("5 Januari 2027", "di luar tahun rencana 2026")
        rahmah.say("3 Maret 2026", "Butir standar")
        rahmah.press(button(fake, RAHMAH, "Notulen"), "Butir standar")
        assert button(fake, RAHMAH, "❌ Notulen/risalah dibuat")
        rahmah.press(button(fake, RAHMAH, "Lanjut"), "Sesuai standar: tidak")
        rahmah.press(button(fake, RAHMAH, "Ya, simpan"), "Tersimpan: pelaksanaan rapat")
        assert rows(url, "SELECT held_on, standard_met, missed_items FROM raperda_meeting") == [
            ("2026-03-03", 0, "Notulen/risalah dibuat")
        ]
    finally:
        process.stop()


def test_attendance_for_a_member_no_longer_in_office_is_refused(fake, url, tmp_path):
    today = local_date(utcnow(), WITA)

    async def training(services: Services) -> None:
        await services.records.add_training(
            "cli", name="Orientasi", starts_on=today, ends_on=today
        )

    async def deactivate(services: Services) -> None:
        await services.roster.set_active(MEMBERS[1][1], False)

    with_services(url, training)
    process = BotProcess(fake, url, tmp_path)
    try:
        yusuf = register(fake, YUSUF, STAFF[1])
        yusuf.say("/pelatihan", "Pilih pelatihan")
        yusuf.press(button(fake, YUSUF, "Orientasi"), "Centang anggota")
        yusuf.press(button(fake, YUSUF, "Ahmad"), "Dicentang: 1 anggota")
        with_services(url, deactivate)
        yusuf.press(button(fake, YUSUF, "Simpan"), "Periksa data di atas")
        yusuf.press(button(fake, YUSUF, "Ya, simpan"), "Periksa data di atas")
        assert "H. Ahmad Rizani tidak menjabat" in yusuf.texts()[-2]
        assert rows(url, "SELECT count(*) FROM training_attendance") == [(0,)]
        yusuf.press(button(fake, YUSUF, "Kembali"), "Dicentang: 1 anggota")
        yusuf.press(button(fake, YUSUF, "Ahmad"), "Dicentang: 0 anggota")
        assert not any("Ahmad" in r[0][0] for r in fake.last_keyboard(YUSUF.id))
    finally:
        process.stop()


RECORDERS = ("staf", "kabid", "sekretaris")
#: command → what each role reads back (a stranger always gets the registration prompt).
COMMAND_TABLE = {
    "/pelatihan": {"anggota": ONLY_RECORDERS} | dict.fromkeys(RECORDERS, "Pilih pelatihan"),
    "/laporan": {"anggota": ONLY_RECORDERS}
    | dict.fromkeys(RECORDERS, "Tidak ada tugas yang menunggu laporan"),
    "/rapat": {"anggota": ONLY_RECORDERS} | dict.fromkeys(RECORDERS, "Pilih rapat"),
    "/urungkan": {"anggota": ONLY_RECORDERS}
    | dict.fromkeys(RECORDERS, "Tidak ada pencatatan Anda yang dapat dibatalkan"),
    # /rapat above left a flow open for each recorder; Siti has no survey in progress.
    "/batal": {"anggota": "Tidak ada survei yang sedang diisi"}
    | dict.fromkeys(RECORDERS, "Pencatatan dibatalkan"),
}


def test_every_recording_command_against_every_role(fake, bot, url):
    chats = {role: register(fake, user, phone) for role, (user, phone) in ROLES.items()}
    stranger = Chatter(fake, STRANGER)
    for command, by_role in COMMAND_TABLE.items():
        for role, expect in by_role.items():
            assert expect in chats[role].say(command, expect), (command, role)
        stranger.say(command, "membagikan nomor")
    siti = chats["anggota"]
    assert ONLY_RECORDERS in siti.press_for_toast("catat:1:baru")
    assert "/pelatihan" in chats["staf"].say("/bantuan", "terdaftar sebagai staf")
    for role, (user, _) in ROLES.items():
        menu = [c for c, _ in fake.commands_for(user.id)]
        assert ("pelatihan" in menu) is (role != "anggota"), role
        assert ("kinerja" in menu) is (role == "sekretaris"), role
    siti.say("/survei", "Pertanyaan 1 dari 6")  # the survey of members is untouched
    siti.say("3", "Pertanyaan 2 dari 6")
    assert rows(url, "SELECT count(*) FROM record_flow WHERE kind IS NOT NULL") == [(0,)]
    assert rows(url, "SELECT count(*) FROM audit_log") == [(0,)]


def test_kill_9_mid_flow_resumes_where_it_stopped(fake, url, tmp_path):
    first = BotProcess(fake, url, tmp_path)
    yusuf = register(fake, YUSUF, STAFF[1])
    yusuf.say("/pelatihan", "Pilih pelatihan")
    yusuf.press(button(fake, YUSUF, "Pelatihan baru"), "Ketik nama pelatihan")
    yusuf.say("Bimtek Legislasi", "Ketik tanggal pelatihan")
    first.kill9()
    second = BotProcess(fake, url, tmp_path)
    try:
        yusuf.say("2026-02-10", "Pelatihan: Bimtek Legislasi")
        yusuf.say("/pelatihan", "Melanjutkan pencatatan yang belum selesai")
        yusuf.say("BPSDM Kalsel", "Centang anggota")
        yusuf.press(button(fake, YUSUF, "Ahmad"), "Dicentang: 1 anggota")
        yusuf.press(button(fake, YUSUF, "Simpan"), "Penyelenggara: BPSDM Kalsel")
        yusuf.press(button(fake, YUSUF, "Ya, simpan"), "Tersimpan")
        assert rows(url, "SELECT name, starts_on, organiser FROM training") == [
            ("Bimtek Legislasi", "2026-02-10", "BPSDM Kalsel")
        ]
    finally:
        second.stop()
