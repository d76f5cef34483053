"""IK1–IK3 without a database: exact half-up ratios, definitions, ranges, targets, questions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.chat.indicator_answers import trim, view_for
from bot.chat.questions import (
    IndicatorQuestion,
    interpret,
    interpret_indicator,
    looks_like_question,
)
from scoring.indicators import (
    Ratio,
    change,
    meeting_facilitation,
    meets_target,
    percent_text,
    task_completion,
    training_participation,
)
from survey.indicators.definitions import (
    DefinitionError,
    definitions,
    owned_scopes,
    parse_definitions,
)
from survey.indicators.ranges import DateRange, parse_month
from survey.indicators.service import WHOLE, check_scope, comparison_range, effective_range
from survey.indicators.spoken_ranges import parse_range
from survey.indicators.targets import check_code, check_year, parse_target
from survey.people.bidang import Bidang
from survey.people.model import Person, Role
from survey.ports import DomainError
from survey.zone import local_date
from tests.zones import WIB, WITA

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("numerator", "denominator", "percent", "text"),
    [
        (2, 3, "66.67", "66,67%"),
        (1, 8, "12.50", "12,50%"),
        (5, 8, "62.50", "62,50%"),
        (1, 3, "33.33", "33,33%"),
        (1, 200, "0.50", "0,50%"),
        (1, 400, "0.25", "0,25%"),
        (1, 800, "0.13", "0,13%"),  # 0.125 → half-up, not half-even (0.12)
        (0, 7, "0.00", "0,00%"),
        (7, 7, "100.00", "100,00%"),
    ],
)
def test_ratio_is_exact_and_rounded_half_up_to_two_decimals(numerator, denominator, percent, text):
    ratio = Ratio(numerator, denominator)
    assert ratio.percent == Decimal(percent)
    assert ratio.text() == text


def test_a_zero_denominator_cannot_be_computed_never_zero_or_hundred():
    ratio = Ratio(0, 0)
    assert ratio.exact is None and ratio.percent is None
    assert ratio.text() == "tidak dapat dihitung"
    assert percent_text(None) == "tidak dapat dihitung"


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 3), (1, -3), (1, 0)])
def test_impossible_counts_are_refused(numerator, denominator):
    with pytest.raises(ValueError):
        Ratio(numerator, denominator)


@pytest.mark.parametrize(
    "formula", [training_participation, task_completion, meeting_facilitation]
)
def test_a_numerator_larger_than_its_denominator_is_a_bug(formula):
    assert formula(2, 3) == Ratio(2, 3)
    with pytest.raises(ValueError, match="subset"):
        formula(4, 3)


def test_ik3_reads_facilitated_to_standard_over_planned():
    assert meeting_facilitation(to_standard=3, planned=4).text() == "75,00%"
    assert "facilitated-to-standard ÷ planned" in (meeting_facilitation.__doc__ or "")


def test_target_is_met_on_the_shown_value():
    assert meets_target(Decimal("80.00"), Decimal("80")) is True
    assert meets_target(Ratio(19999, 25000).percent, Decimal("80")) is True  # 79.996 → 80.00
    assert meets_target(Decimal("79.99"), Decimal("80")) is False
    assert meets_target(None, Decimal("80")) is None
    assert meets_target(Decimal("50"), None) is None
    assert change(Decimal("66.67"), Decimal("33.33")) == Decimal("33.34")
    assert change(None, Decimal("1")) is None


def test_definitions_follow_the_decree():
    found = definitions()
    assert [i.code for i in found.indicators] == ["IKU", "IK1", "IK2", "IK3"]
    assert (found.first_year, found.last_year) == (2021, 2026)
    iku, ik1, ik2, ik3 = found.indicators
    assert iku.penanggung_jawab[0].role == "sekretaris" and iku.kind == "ikm_score"
    assert iku.referensi.startswith("PMDN Nomor 17 tahun 20121")
    assert [o.bidang for o in ik1.penanggung_jawab] == ["persidangan"]
    assert [o.bidang for o in ik2.penanggung_jawab] == ["persidangan", "fasilitasi"]
    assert [o.bidang for o in ik3.penanggung_jawab] == ["persidangan"]
    assert ik1.referensi.startswith("PP Nomor 18 Tahun 2017")
    assert ik2.referensi == "Matrik rencana kerja DPRD"
    assert ik3.referensi == "Rencana Kerja Bapemperda"
    assert "terbalik" in ik3.reading and "sesuai standar dibagi rapat yang direncanakan" in (
        ik3.reading
    )
    assert iku.target_bounds == (Decimal(25), Decimal(100))


def test_broken_definitions_are_refused_with_a_reason():
    with pytest.raises(DefinitionError, match="bukan JSON"):
        parse_definitions("{")
    text = definitions().model_dump_json()
    missing_ik3 = text.replace('"code":"IK3"', '"code":"IK2"')
    with pytest.raises(DefinitionError, match="tepat IKU, IK1, IK2, IK3"):
        parse_definitions(missing_ik3)


def test_owners_are_read_as_the_role_and_bidang_enums():
    iku, ik1, ik2, _ = definitions().indicators
    assert iku.penanggung_jawab[0].role is Role.SEKRETARIS
    assert iku.penanggung_jawab[0].bidang is None
    assert [(o.role, o.bidang) for o in ik2.penanggung_jawab] == [
        (Role.KABID, Bidang.PERSIDANGAN),
        (Role.KABID, Bidang.FASILITASI),
    ]
    assert ik1.penanggung_jawab[0].bidang is Bidang.PERSIDANGAN


@pytest.mark.parametrize(
    ("good", "bad"),
    [('"role":"sekretaris"', '"role":"staf"'), ('"bidang":"fasilitasi"', '"bidang":"umum"')],
)
def test_an_owner_outside_the_enums_is_refused(good, bad):
    text = definitions().model_dump_json()
    assert good in text
    with pytest.raises(DefinitionError, match="penanggung_jawab"):
        parse_definitions(text.replace(good, bad, 1))


@pytest.mark.parametrize(
    ("role", "bidang", "scopes"),
    [
        (Role.SEKRETARIS, None, WHOLE),
        (Role.KABID, "persidangan", (("IK1", None), ("IK2", None), ("IK3", None))),
        (Role.KABID, "Fasilitasi", (("IK2", "fasilitasi"),)),
        (Role.KABID, "umum", ()),
        (Role.ANGGOTA, None, ()),
        (Role.STAF, "persidangan", ()),
    ],
)
def test_owners_see_the_indicators_the_decree_gives_them(role, bidang, scopes):
    assert owned_scopes(role, bidang) == scopes


def test_views_put_a_kabid_s_own_indicators_first():
    def person(role: Role, bidang: str | None) -> Person:
        return Person(1, "X", "+62811", role, bidang, True)

    fasilitasi = view_for(person(Role.KABID, "fasilitasi"))
    assert fasilitasi.full == (("IK2", "fasilitasi"),)
    assert fasilitasi.brief == WHOLE and fasilitasi.iku_last
    sekretaris = view_for(person(Role.SEKRETARIS, None))
    assert sekretaris.full == WHOLE and sekretaris.brief == () and sekretaris.iku_first
    assert view_for(None) == sekretaris
    asked = view_for(person(Role.KABID, "fasilitasi"), "IK2")
    assert asked.full == (("IK2", "fasilitasi"),) and asked.brief == (("IK2", None),)
    assert view_for(person(Role.KABID, "umum")).full == WHOLE


def test_long_lists_are_trimmed_to_five():
    assert trim(["a", "b"]) == "a, b"
    assert trim([str(i) for i in range(12)]) == "0, 1, 2, 3, 4 dan 7 lainnya"


def test_ranges_and_their_labels():
    october = DateRange.month(2026, 10)
    assert (october.start, october.end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert october.label() == "Oktober 2026" and october.is_month
    assert DateRange.month(2026, 1).previous_month() == DateRange.month(2025, 12)
    assert DateRange.month(2024, 3).previous_month().end == date(2024, 2, 29)
    assert DateRange.year(2026).label() == "tahun 2026"
    assert DateRange.year_to_date(TODAY).label() == "1 Januari – 27 November 2026"
    span = DateRange(date(2025, 12, 15), date(2026, 1, 15))
    assert span.label() == "15 Desember 2025 – 15 Januari 2026"
    with pytest.raises(DomainError, match="tidak boleh sebelum"):
        DateRange(date(2026, 2, 1), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", DateRange(date(2026, 1, 1), TODAY)),
        ("2026", DateRange.year(2026)),
        ("2026-10", DateRange.month(2026, 10)),
        ("10/2026", DateRange.month(2026, 10)),
        ("Oktober 2026", DateRange.month(2026, 10)),
        ("2026-01-01 2026-06-30", DateRange(date(2026, 1, 1), date(2026, 6, 30))),
        ("01/01/2026 s.d. 30/06/2026", DateRange(date(2026, 1, 1), date(2026, 6, 30))),
    ],
)
def test_what_people_type_after_indikator(text, expected):
    assert parse_range(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2026-13", "kemarin", "pekan ini"])
def test_unknown_ranges_are_named(text):
    with pytest.raises(DomainError, match=r"tidak dikenali|belum saya pahami"):
        parse_range(text, TODAY)
    with pytest.raises(DomainError):
        parse_month(text)


def test_indikator_takes_what_a_plain_question_says():
    assert parse_range("Oktobr 2026", TODAY) == DateRange.month(2026, 10)
    assert parse_range("semester I 2026", TODAY) == DateRange(date(2026, 1, 1), date(2026, 6, 30))
    assert parse_range("bulan lalu", TODAY) == DateRange.month(2026, 10)


def test_an_instant_is_read_as_its_wita_date():
    assert local_date(datetime(2025, 12, 31, 16, 30, tzinfo=UTC), WITA) == date(2026, 1, 1)
    assert local_date(datetime(2025, 12, 31, 15, 59, tzinfo=UTC), WITA) == date(2025, 12, 31)
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 1, 1), WITA)


def test_an_instant_is_read_as_its_date_in_the_zone_given():
    assert local_date(datetime(2025, 12, 31, 16, 30, tzinfo=UTC), WIB) == date(2025, 12, 31)
    assert local_date(datetime(2025, 12, 31, 17, 0, tzinfo=UTC), WIB) == date(2026, 1, 1)


def test_since_last_month_compares_a_month_or_the_year_to_date():
    assert comparison_range(DateRange.month(2026, 10), TODAY) == DateRange.month(2026, 9)
    ytd = DateRange(date(2026, 1, 1), date(2026, 10, 31))
    assert comparison_range(DateRange.year_to_date(TODAY), TODAY) == ytd
    assert comparison_range(DateRange.year(2026), TODAY) == ytd
    assert comparison_range(DateRange.year_to_date(date(2026, 1, 20)), date(2026, 1, 20)) is None
    assert comparison_range(DateRange.year(2025), TODAY) is None
    assert comparison_range(DateRange(date(2026, 3, 5), date(2026, 4, 5)), TODAY) is None


def test_a_range_is_counted_up_to_today_and_must_have_begun():
    assert effective_range(DateRange.year(2026), TODAY) == DateRange.year_to_date(TODAY)
    assert effective_range(DateRange.month(2026, 10), TODAY) == DateRange.month(2026, 10)
    with pytest.raises(DomainError, match="belum dimulai"):
        effective_range(DateRange.month(2026, 12), TODAY)


@pytest.mark.parametrize(
    ("code", "text", "value"),
    [
        ("IK1", "85", "85"),
        ("ik2", "85,5", "85.5"),
        ("IK3", "0", "0"),
        ("IK1", "100%", "100"),
        ("IKU", "88.31", "88.31"),
        ("IKU", "25", "25"),
    ],
)
def test_targets_are_parsed_exactly(code, text, value):
    assert parse_target(code, text) == Decimal(value)


@pytest.mark.parametrize(
    ("code", "text", "message"),
    [
        ("IK1", "100.01", "antara 0 dan 100"),
        ("IKU", "24,99", "antara 25 dan 100"),
        ("IK1", "-5", "tidak valid"),
        ("IK1", "85.123", "tidak valid"),
        ("IK1", "delapan", "tidak valid"),
        ("IK4", "50", "tidak dikenal"),
    ],
)
def test_bad_targets_are_refused(code, text, message):
    with pytest.raises(DomainError, match=message):
        parse_target(code, text)


def test_codes_and_years_are_checked():
    assert check_code(" ik1 ") == "IK1"
    assert check_year(2021) == 2021 and check_year(2026) == 2026
    for year in (2020, 2027):
        with pytest.raises(DomainError, match="2021–2026"):
            check_year(year)
    assert check_scope("ik2", "Fasilitasi") == ("IK2", "fasilitasi")
    with pytest.raises(DomainError, match="tidak dibagi per bidang"):
        check_scope("IK1", "persidangan")
    with pytest.raises(DomainError, match="/ikm"):
        check_scope("IKU", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "berapa persen anggota sudah ikut pelatihan?",
            IndicatorQuestion("IK1", "berapa persen anggota sudah ikut pelatihan"),
        ),
        ("laporan tugas bulan ini", IndicatorQuestion("IK2", "laporan tugas bulan ini")),
        ("Laporan tugas bulan lalu?", IndicatorQuestion("IK2", "laporan tugas bulan lalu")),
        ("bagaimana capaian indikator?", IndicatorQuestion(None, "bagaimana capaian indikator")),
        ("ruang rapat panas", None),
        ("terima kasih", None),
    ],
)
def test_plain_questions_about_indicators(text, expected):
    assert interpret_indicator(text) == expected


def test_ikm_questions_are_still_ikm_questions():
    assert interpret("berapa IKM sekarang?") is not None
    assert interpret("berapa persen anggota sudah ikut pelatihan?") is None


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("kapan rapat paripurna?", True),
        ("Siapa yang belum lapor", True),
        ("apakah sudah ada data", True),
        ("berapa", True),
        ("terima kasih", False),
        ("apel pagi diundur", False),
        ("pelayanan sudah baik", False),
    ],
)
def test_what_looks_like_a_question(text, question):
    assert looks_like_question(text) is question
