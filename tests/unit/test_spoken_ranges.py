"""Plain questions name their range: each phrasing below, typos and informal forms included,
reads as exactly that range (today is 1 December 2026), or as a hint, never a wrong range."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.chat.questions import interpret_indicator
from survey.indicators.ranges import DateRange
from survey.indicators.spoken_ranges import UnplacedRange, read_range

TODAY = date(2026, 12, 1)
OCT_2026 = DateRange.month(2026, 10)
NOV_2026 = DateRange.month(2026, 11)
DEC_2026 = DateRange.month(2026, 12)
Y2025 = DateRange.year(2025)
Y2026 = DateRange.year(2026)
S1_2026 = DateRange(date(2026, 1, 1), date(2026, 6, 30))
S2_2026 = DateRange(date(2026, 7, 1), date(2026, 12, 31))
S2_2025 = DateRange(date(2025, 7, 1), date(2025, 12, 31))
Q3_2026 = DateRange(date(2026, 7, 1), date(2026, 9, 30))
Q2_2026 = DateRange(date(2026, 4, 1), date(2026, 6, 30))
Q1_2025 = DateRange(date(2025, 1, 1), date(2025, 3, 31))

PHRASINGS = [
    # months, with or without a year, typed as people type them
    ("rapat raperda bulan oktober", "IK3", OCT_2026),
    ("rapat raperda oktober 2026", "IK3", OCT_2026),
    ("Rapat Raperda Oktober 2026?", "IK3", OCT_2026),
    ("raperda bulan okt", "IK3", OCT_2026),
    ("raperda oktobr", "IK3", OCT_2026),
    ("raperda okotber 2026", "IK3", OCT_2026),
    ("raperda okt 2025", "IK3", DateRange.month(2025, 10)),
    ("berapa laporan tugas bulan nopember?", "IK2", NOV_2026),
    ("laporan tugas november", "IK2", NOV_2026),
    ("laporan tugas desember", "IK2", DEC_2026),
    ("pelatihan bulan pebruari", "IK1", DateRange.month(2026, 2)),
    ("pelatihan febuari 2025", "IK1", DateRange.month(2025, 2)),
    ("bimtek bulan mei", "IK1", DateRange.month(2026, 5)),
    ("bimtek agst 2026", "IK1", DateRange.month(2026, 8)),
    ("diklat agusuts", "IK1", DateRange.month(2026, 8)),
    ("diklat bulan septmber", "IK1", DateRange.month(2026, 9)),
    ("pelatihan bulan 10", "IK1", OCT_2026),
    ("pelatihan 10/2026", "IK1", OCT_2026),
    ("pelatihan 2026-10", "IK1", OCT_2026),
    ("ik1 januari 2026", "IK1", DateRange.month(2026, 1)),
    # this month, last month
    ("laporan tugas bulan ini", "IK2", DEC_2026),
    ("laporan tugas bln ini", "IK2", DEC_2026),
    ("laporan tugas bulan sekarang", "IK2", DEC_2026),
    ("Laporan tugas bulan lalu?", "IK2", NOV_2026),
    ("laporan tugas bln lalu", "IK2", NOV_2026),
    ("laporan tugas bulan kemarin", "IK2", NOV_2026),
    ("laporan tugas bulan kmrn", "IK2", NOV_2026),
    ("pelaksanaan tugas bulan sebelumnya", "IK2", NOV_2026),
    # years
    ("berapa persen anggota sudah ikut pelatihan tahun 2025?", "IK1", Y2025),
    ("pelatihan thn 2025", "IK1", Y2025),
    ("pelatihan 2025", "IK1", Y2025),
    ("ik 1 tahun 2025", "IK1", Y2025),
    ("bimtek tahun lalu", "IK1", Y2025),
    ("bimtek thn lalu", "IK1", Y2025),
    ("bimtek tahun kemarin", "IK1", Y2025),
    ("rapat raperda tahun ini", "IK3", Y2026),
    ("rapat raperda thn ini", "IK3", Y2026),
    ("capaian indikator tahun 2026", None, Y2026),
    # semesters and quarters
    ("ik3 semester II 2026", "IK3", S2_2026),
    ("raperda semester 1", "IK3", S1_2026),
    ("raperda semester i tahun 2026", "IK3", S1_2026),
    ("raperda semester kedua 2025", "IK3", S2_2025),
    ("raperda smt 2 2025", "IK3", S2_2025),
    ("raperda semester ini", "IK3", S2_2026),
    ("raperda semester lalu", "IK3", S1_2026),
    ("laporan tugas triwulan III", "IK2", Q3_2026),
    ("laporan tugas triwulan 3 2026", "IK2", Q3_2026),
    ("laporan tugas tw 3", "IK2", Q3_2026),
    ("laporan tugas tw3", "IK2", Q3_2026),
    ("laporan tugas kuartal 2", "IK2", Q2_2026),
    ("laporan tugas q2", "IK2", Q2_2026),
    ("laporan tugas triwulan lalu", "IK2", Q3_2026),
    ("laporan tugas triwulan pertama 2025", "IK2", Q1_2025),
    # date ranges
    ("pelatihan 1 jan sd 30 jun 2026", "IK1", S1_2026),
    ("pelatihan 1 Januari 2026 sampai 30 Juni 2026", "IK1", S1_2026),
    ("pelatihan dari 1 Juli 2026 hingga 30 September 2026", "IK1", Q3_2026),
    ("pelatihan 2026-01-01 s.d. 2026-06-30", "IK1", S1_2026),
    ("pelatihan 2026-07-01 s/d 2026-09-30", "IK1", Q3_2026),
    ("pelatihan 01/07/2026 - 30/09/2026", "IK1", Q3_2026),
    ("pelatihan 1-15 oktober 2026", "IK1", DateRange(date(2026, 10, 1), date(2026, 10, 15))),
    ("pelatihan 1 - 15 okt 2026", "IK1", DateRange(date(2026, 10, 1), date(2026, 10, 15))),
    # no time named: the caller's default
    ("berapa persen anggota sudah ikut pelatihan?", "IK1", None),
    ("bagaimana capaian indikator?", None, None),
    ("capaian kinerja sampai hari ini", None, None),
    ("berapa dari 25 anggota ikut pelatihan", "IK1", None),
]


@pytest.mark.parametrize(("text", "code", "expected"), PHRASINGS)
def test_a_question_is_read_with_its_range(text, code, expected):
    question = interpret_indicator(text)
    assert question is not None and question.code == code
    assert read_range(question.when, TODAY) == expected


def test_there_are_at_least_sixty_phrasings():
    assert len(PHRASINGS) >= 60


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("pelatihan minggu lalu", "'minggu' belum saya pahami"),
        ("pelatihan pekan ini", "'pekan' belum saya pahami"),
        ("pelatihan bulan depan", "'bulan' belum saya pahami"),
        ("pelatihan tahun depan", "'tahun' belum saya pahami"),
        ("pelatihan semester 3", "semester '3' tidak dikenali (ada semester 1–2)"),
        ("pelatihan triwulan 5", "triwulan '5' tidak dikenali (ada triwulan 1–4)"),
        ("pelatihan 2026-13", "bulan '2026-13' tidak dikenali"),
        ("pelatihan 31/02/2026 sd 1/3/2026", "tanggal 31-2-2026 tidak ada"),
        ("raperda kemarin", "'kemarin' belum saya pahami"),
        ("pelatihan tahun 20", "'tahun' belum saya pahami"),
    ],
)
def test_a_time_that_cannot_be_placed_gets_a_hint_never_a_range(text, hint):
    with pytest.raises(UnplacedRange, match=re.escape(hint)) as caught:
        read_range(text, TODAY)
    assert "misalnya" in str(caught.value) or "tidak" in str(caught.value)


def test_a_month_not_yet_begun_this_year_is_last_years():
    assert read_range("pelatihan desember", date(2026, 11, 27)) == DateRange.month(2025, 12)
    assert read_range("raperda semester 2", date(2026, 3, 1)) == S2_2025
