"""/indikator and plain questions through the channel-neutral router, by role."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.chat import texts
from bot.chat.router import Router, help_text
from survey.conversation.events import Answer, Skip, Start, Submit
from tests.integration.helpers import open_period
from tests.integration.test_indicators import person
from tests.integration.test_indicators_overview import seed
from tests.zones import ACROSS_MIDNIGHT, WITA

pytestmark = pytest.mark.zones

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")


@pytest.fixture
async def people(db, services, clock):
    await seed(db)
    ids = {
        "indah": await person(db, "Indah"),
        "joko": await person(db, "Joko"),
        "persidangan": await person(db, "Kabid Sidang", role="kabid", bidang="persidangan"),
        "fasilitasi": await person(db, "Kabid Fasilitasi", role="kabid", bidang="fasilitasi"),
        "sekretaris": await person(db, "Sekretaris", role="sekretaris"),
        "staf": await person(db, "Staf", role="staf", bidang="persidangan"),
    }
    await services.indicators.set_target("IK1", 2026, "30")
    return {key: await services.roster.get(i) for key, i in ids.items()}


@pytest.fixture
def router(services) -> Router:
    return Router(services)


async def ask(router: Router, who, text: str) -> str:
    [reply] = await router.text(who, text)
    return reply.text


async def test_members_and_staff_are_refused(router, people):
    for key in ("indah", "staf"):
        assert await ask(router, people[key], "/indikator") == texts.ONLY_LEADERS
    assert "/indikator" in help_text(people["sekretaris"])


async def test_kabid_persidangan_sees_ik1_first(router, people):
    blocks = (await ask(router, people["persidangan"], "/indikator")).split("\n\n")
    assert blocks[0] == "Capaian indikator 1 Januari – 27 November 2026"
    assert blocks[1].splitlines() == [
        "IK1 Anggota ikut pelatihan: 30,00% (3 dari 10 anggota)",
        "Target 2026: 30,00% — tercapai · sejak bulan lalu naik 10,00 poin (dari 20,00%)",
        "Belum ikut pelatihan 2026: Cici, Dedi, Eka, Fajar, Gita dan 2 lainnya.",
    ]
    assert blocks[2].startswith("IK2 Laporan pelaksanaan tugas: 40,00% (2 dari 5 tugas)\n")
    assert "Target 2026 belum ditetapkan · sejak bulan lalu turun 26,67 poin" in blocks[2]
    assert "Reses I (20 Oktober 2026, persidangan); Konsultasi anggaran" in blocks[2]
    assert blocks[3].startswith("IK3 Rapat Raperda sesuai standar: 66,67% (2 dari 3 rapat)")
    assert blocks[4] == (
        "Indikator lain:\n• IKU IKM pelayanan anggota Dewan: tidak ada periode survei yang "
        "ditutup pada 1 Januari – 27 November 2026"
    )


async def test_kabid_fasilitasi_sees_the_tasks_of_fasilitasi_first(router, people):
    blocks = (await ask(router, people["fasilitasi"], "/indikator")).split("\n\n")
    assert blocks[1].splitlines() == [
        "IK2 Laporan pelaksanaan tugas — bidang fasilitasi: 0,00% (0 dari 1 tugas)",
        "Target 2026 belum ditetapkan",
        "Lewat tenggat tanpa laporan: Konsultasi anggaran (10 November 2026, fasilitasi).",
    ]
    assert blocks[2].splitlines()[1:4] == [
        "• IK1 Anggota ikut pelatihan: 30,00%",
        "• IK2 Laporan pelaksanaan tugas (semua bidang): 40,00%",
        "• IK3 Rapat Raperda sesuai standar: 66,67%",
    ]


async def test_the_sekretaris_sees_everything(router, people, services):
    await open_period(services)
    blocks = (await ask(router, people["sekretaris"], "/indikator")).split("\n\n")
    assert blocks[1] == (
        "IKU IKM pelayanan anggota Dewan: periode Semester II 2026 (berjalan, belum ditutup) "
        "belum ditampilkan (baru 0 responden, minimal 3)"
    )
    assert [b[:3] for b in blocks[2:]] == ["IK1", "IK2", "IK3"]
    assert (
        "Di bawah standar: Raperda Pajak (9 Oktober 2026: Undangan terlambat; Risalah"
        in (blocks[4])
    )


async def test_the_iku_line_shows_the_score_against_its_target(router, people, services):
    await open_period(services)
    await router.indicators.set_target("IKU", 2026, "80")
    for member in await services.roster.people():
        if member.name in ("Ani", "Budi", "Cici"):
            await services.survey.handle(member.id, Start())
            for code in CODES:
                await services.survey.handle(member.id, Answer(code, 3))
            await services.survey.handle(member.id, Skip())
            await services.survey.handle(member.id, Submit())
    text = await ask(router, people["sekretaris"], "/indikator")
    assert text.split("\n\n")[1] == (
        "IKU IKM pelayanan anggota Dewan: 75,00 (C, Kurang Baik), periode Semester II 2026 "
        "(berjalan, belum ditutup) · Target 2026: 80,00 — belum tercapai"
    )


async def test_plain_questions_reach_one_indicator(router, people):
    kabid = people["persidangan"]
    trained = await ask(router, kabid, "berapa persen anggota sudah ikut pelatihan?")
    assert trained.split("\n\n")[1].startswith("IK1 Anggota ikut pelatihan: 30,00%")
    assert "IK2" not in trained and "IK3" not in trained and "IKU" not in trained
    reports = await ask(router, kabid, "laporan tugas bulan ini")
    header, block = reports.split("\n\n")
    assert header == "Capaian indikator November 2026 (dihitung s.d. 27 November 2026)"
    assert block.startswith("IK2 Laporan pelaksanaan tugas: 0,00% (0 dari 2 tugas)\n")
    assert "sejak bulan lalu turun 50,00 poin (dari 50,00%)" in block
    meetings = await ask(router, kabid, "rapat raperda tahun ini")
    header, block = meetings.split("\n\n")
    assert header == "Capaian indikator tahun 2026 (dihitung s.d. 27 November 2026)"
    assert block.startswith("IK3 Rapat Raperda sesuai standar: 66,67%")


async def test_a_kabid_fasilitasi_question_shows_their_share_and_the_whole(router, people):
    text = await ask(router, people["fasilitasi"], "laporan tugas tahun ini?")
    assert "bidang fasilitasi: 0,00%" in text and "(semua bidang): 40,00%" in text


async def test_leaders_get_a_list_for_questions_not_understood(router, people):
    assert await ask(router, people["sekretaris"], "kapan rapat paripurna?") == (
        texts.LEADER_QUESTIONS
    )
    assert await ask(router, people["persidangan"], "Siapa yang piket") == texts.LEADER_QUESTIONS
    statement = await ask(router, people["persidangan"], "terima kasih")
    assert statement != texts.LEADER_QUESTIONS


async def test_members_free_text_still_goes_to_the_survey(router, people):
    reply = await ask(router, people["indah"], "berapa persen anggota sudah ikut pelatihan?")
    assert "Capaian" not in reply and reply != texts.LEADER_QUESTIONS


async def test_indikator_takes_a_month_or_a_year(router, people):
    kabid = people["persidangan"]
    october = await ask(router, kabid, "/indikator 2026-10")
    assert october.startswith("Capaian indikator Oktober 2026\n\nIK1")
    assert "sejak bulan lalu tetap (dari 0,00%)" in october
    assert (await ask(router, kabid, "/indikator bulan depan")).startswith(
        "Maaf, rentang waktu 'bulan' belum saya pahami; sebutkan misalnya: bulan ini"
    )
    assert await ask(router, kabid, "/indikator 2026-12") == (
        "Maaf, rentang Desember 2026 belum dimulai."
    )


async def test_a_plain_question_answers_for_the_month_or_year_it_names(router, people):
    kabid = people["persidangan"]
    whole = await ask(router, kabid, "rapat raperda tahun ini")
    assert "IK3 Rapat Raperda sesuai standar: 66,67% (2 dari 3 rapat)" in whole
    for text in ("rapat raperda bulan oktober", "rapat raperda oktober 2026", "raperda oktobr"):
        header, block = (await ask(router, kabid, text)).split("\n\n")
        assert header == "Capaian indikator Oktober 2026"
        assert block.startswith("IK3 Rapat Raperda sesuai standar: 50,00% (1 dari 2 rapat)")
    header, block = (await ask(router, kabid, "raperda semester II 2026")).split("\n\n")
    assert header == "Capaian indikator 1 Juli – 31 Desember 2026 (dihitung s.d. 27 November 2026)"
    assert block.startswith("IK3 Rapat Raperda sesuai standar: 66,67% (2 dari 3 rapat)")
    earlier = await ask(router, kabid, "berapa persen anggota sudah ikut pelatihan tahun 2025?")
    assert earlier.startswith("Capaian indikator tahun 2025\n\nIK1 Anggota ikut pelatihan: 0,00%")


async def test_a_time_the_bot_cannot_place_gets_a_hint_not_another_range(router, people):
    reply = await ask(router, people["persidangan"], "pelatihan minggu lalu")
    assert reply.startswith("Maaf, rentang waktu 'minggu' belum saya pahami; sebutkan misalnya")
    assert "Capaian" not in reply


async def test_the_iku_of_a_year_is_that_year_s_closed_period(router, people, services, clock):
    sekretaris = people["sekretaris"]
    today, clock.now = clock.now, datetime(2025, 8, 1, 2, 0, tzinfo=UTC)  # run last year
    await services.periods.open(
        "Semester II 2025", version="dprd-6-v1", starts_on=date(2025, 7, 1),
        ends_on=date(2025, 12, 31),
    )  # fmt: skip
    await services.periods.close()
    clock.now = today
    await open_period(services)
    last_year = (await ask(router, sekretaris, "/indikator 2025")).split("\n\n")
    assert last_year[1] == (
        "IKU IKM pelayanan anggota Dewan: periode Semester II 2025 belum ditampilkan "
        "(baru 0 responden, minimal 3)"
    )
    before = (await ask(router, sekretaris, "/indikator 2024")).split("\n\n")
    assert before[1] == (
        "IKU IKM pelayanan anggota Dewan: tidak ada periode survei yang ditutup pada tahun 2024"
    )
    assert await ask(router, sekretaris, "ikm tahun 2024") == (
        "Maaf, tidak ada periode survei yang ditutup pada tahun 2024."
    )
    [reply] = await router.text(sekretaris, "ikm tahun 2025")
    assert reply.text.startswith("Hasil IKM periode Semester II 2025 belum ditampilkan")


async def test_ik3_names_a_planned_meeting_that_passed_without_a_record(router, people, db):
    from tests.integration.test_indicators import meeting

    await meeting(db, "Raperda Retribusi", date(2026, 11, 5))
    text = await ask(router, people["sekretaris"], "/indikator 2026")
    assert (
        "Rencana lewat tanpa catatan terlaksana (catat dengan /rapat): Raperda Retribusi "
        "(rencana 5 November 2026)."
    ) in text


async def test_the_year_to_date_ends_today_in_the_configured_zone(router, people, clock, zone):
    """16:30 UTC on 27 November: the 28th in WITA, still the 27th in WIB."""
    clock.now = ACROSS_MIDNIGHT
    heading = (await ask(router, people["sekretaris"], "/indikator")).split("\n\n")[0]
    day = 28 if zone is WITA else 27
    assert heading == f"Capaian indikator 1 Januari – {day} November 2026"
