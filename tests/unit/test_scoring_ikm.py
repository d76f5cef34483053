"""Behaviour of the exact IKM engine against IKM-METHOD §4–8."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.ikm import (
    ElementTally,
    IkmResult,
    compute_ikm,
    format_id,
    grade_for,
    grade_for_kep25,
    krejcie_morgan,
    parse_weight,
    round_half_up,
)
from tests.method_examples import EXAMPLE_A_SUMS

NINE = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "sarana",
    "pengaduan",
)
SIX = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
EXAMPLE_A_NRR = {
    "persyaratan": "3.6207",
    "prosedur": "3.4828",
    "waktu": "3.4483",
    "biaya": "4.0000",
    "produk": "3.5172",
    "kompetensi": "3.6207",
    "perilaku": "3.6552",
    "sarana": "3.6207",
    "pengaduan": "3.9655",
}

Row = tuple[int | None, ...]


def tallies_of(codes: tuple[str, ...], rows: list[Row]) -> list[ElementTally]:
    """Reference tally in plain Python: per column, the sum and count of non-blank answers."""
    tallies = []
    for j, code in enumerate(codes):
        valid = [row[j] for row in rows if row[j] is not None]
        tallies.append(ElementTally(code, sum(v for v in valid if v is not None), len(valid)))
    return tallies


def example_a(weight: Fraction | None = None) -> IkmResult:
    tallies = [ElementTally(code, EXAMPLE_A_SUMS[code], 29) for code in NINE]
    return compute_ikm(tallies, 29, weight)


def single_element(total: int, answered: int) -> IkmResult:
    return compute_ikm([ElementTally("prosedur", total, answered)], answered)


def test_example_a_gives_91_48_grade_a() -> None:
    result = example_a()
    assert result.ikm == Fraction(955, 261)
    assert result.ikm_display == Decimal("3.6590")
    assert result.score_display == Decimal("91.48")
    assert (result.grade, result.label) == ("A", "Sangat Baik")
    assert result.weight == Fraction(1, 9)
    assert not result.legacy_weight


def test_example_a_nrr_per_unsur_matches_published_table() -> None:
    shown = {e.code: e.nrr_display for e in example_a().elements}
    assert shown == {code: Decimal(nrr) for code, nrr in EXAMPLE_A_NRR.items()}


def test_example_a_weakest_unsur_is_waktu() -> None:
    assert example_a().weakest == ("waktu",)


def test_example_a_legacy_weight_0_11_gives_90_56_grade_a() -> None:
    result = example_a(parse_weight("0,11"))
    assert result.legacy_weight
    assert result.weight == Fraction(11, 100)
    assert result.ikm_display == Decimal("3.6224")
    assert result.score_display == Decimal("90.56")
    assert result.grade == "A"


@pytest.mark.parametrize("codes", [SIX, NINE], ids=["six", "nine"])
def test_example_e_all_fours_give_exactly_100(codes: tuple[str, ...]) -> None:
    result = compute_ikm([ElementTally(code, 4, 1) for code in codes], 1)
    assert result.ikm == 4
    assert result.score == 100
    assert result.score_display == Decimal("100.00")
    assert (result.grade, result.label) == ("A", "Sangat Baik")


@pytest.mark.parametrize(
    ("codes", "weight", "expected"),
    [(NINE, "0.11", "99.00"), (SIX, "0.17", "102.00")],
)
def test_example_e_legacy_weights_reproduce_old_reports(
    codes: tuple[str, ...], weight: str, expected: str
) -> None:
    result = compute_ikm([ElementTally(code, 4, 1) for code in codes], 1, parse_weight(weight))
    assert result.score_display == Decimal(expected)
    assert result.legacy_weight


def test_explicit_one_over_n_is_not_a_legacy_weight() -> None:
    assert not example_a(Fraction(1, 9)).legacy_weight


@pytest.mark.parametrize(
    ("total", "answered", "exact", "shown", "grade"),
    [
        (17661, 5000, "88.305", "88.31", "A"),
        (883049, 250000, "88.3049", "88.30", "B"),
        (15321, 5000, "76.605", "76.61", "B"),
        (12999, 5000, "64.995", "65.00", "C"),
    ],
)
def test_grade_comes_from_skor_rounded_half_up(
    total: int, answered: int, exact: str, shown: str, grade: str
) -> None:
    result = single_element(total, answered)
    assert result.score == Fraction(exact)
    assert result.score_display == Decimal(shown)
    assert result.grade == grade


@pytest.mark.parametrize(
    ("score", "grade", "label"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_grade_boundaries_of_permenpanrb_14_2017(score: str, grade: str, label: str) -> None:
    assert grade_for(Decimal(score)) == (grade, label)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("81.26", "A"),
        ("81.25", "B"),
        ("62.51", "B"),
        ("62.50", "C"),
        ("43.76", "C"),
        ("43.75", "D"),
    ],
)
def test_grade_boundaries_of_kep25_2004(score: str, grade: str) -> None:
    assert grade_for_kep25(Decimal(score))[0] == grade


def test_grade_refuses_a_skor_not_rounded_to_two_decimals() -> None:
    with pytest.raises(ValueError, match="rounded"):
        grade_for(Decimal("88.305"))


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [("0.125", 2, "0.13"), ("0.135", 2, "0.14"), ("2.5", 0, "3"), ("3.62068", 4, "3.6207")],
)
def test_round_half_up_rounds_ties_up_not_to_even(value: str, places: int, expected: str) -> None:
    assert round_half_up(Fraction(value), places) == Decimal(expected)
    assert str(round_half_up(Fraction(value), places)) == expected


def test_nrr_is_per_unsur_not_the_pooled_mean() -> None:
    rows: list[Row] = [(4, 1), (4, None), (4, None), (4, None)]
    result = compute_ikm(tallies_of(("prosedur", "waktu"), rows), 4)
    pooled = Fraction(4 + 4 + 4 + 4 + 1, 5)
    assert result.ikm == Fraction(5, 2)
    assert result.ikm != pooled


def test_blank_answer_is_excluded_not_counted_as_zero() -> None:
    rows: list[Row] = [(4,), (None,), (2,)]
    result = compute_ikm(tallies_of(("prosedur",), rows), 3)
    assert result.elements[0].nrr == 3
    assert result.elements[0].answered == 2


def test_unsur_without_answers_gives_no_ikm_and_keeps_n() -> None:
    tallies = [ElementTally("prosedur", 8, 2), ElementTally("waktu", 0, 0)]
    result = compute_ikm(tallies, 2)
    assert result.ikm is None
    assert result.score is None
    assert result.grade is None
    assert result.label is None
    assert result.elements[1].nrr is None
    assert result.missing == ("waktu",)
    assert result.weight == Fraction(1, 2)


def test_weakest_lists_every_tied_unsur_in_order() -> None:
    tallies = [
        ElementTally("prosedur", 6, 2),
        ElementTally("waktu", 8, 2),
        ElementTally("sarana", 3, 1),
    ]
    assert compute_ikm(tallies, 2).weakest == ("prosedur", "sarana")


@pytest.mark.parametrize(
    ("tallies", "respondents"),
    [
        ([], 1),
        ([ElementTally("waktu", 4, 1), ElementTally("waktu", 4, 1)], 1),
        ([ElementTally("waktu", 5, 1)], 1),
        ([ElementTally("waktu", 0, 1)], 1),
        ([ElementTally("waktu", 8, 2)], 1),
        ([ElementTally("waktu", 4, 1)], -1),
    ],
)
def test_impossible_tallies_are_rejected(tallies: list[ElementTally], respondents: int) -> None:
    with pytest.raises(ValueError):
        compute_ikm(tallies, respondents)


def test_float_weight_is_refused() -> None:
    with pytest.raises(TypeError):
        compute_ikm([ElementTally("waktu", 4, 1)], 1, 0.11)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.11", "11/100"), ("0,11", "11/100"), (" 0,071 ", "71/1000"), ("1", "1")],
)
def test_parse_weight_reads_decimal_point_or_comma_exactly(text: str, expected: str) -> None:
    assert parse_weight(text) == Fraction(expected)


@pytest.mark.parametrize("text", ["", "abc", "0", "0,00", "-0.11", "1/9", "0.1.1", "inf", "nan"])
def test_parse_weight_rejects_nonsense_and_non_positive_in_indonesian(text: str) -> None:
    with pytest.raises(ValueError, match="Bobot"):
        parse_weight(text)


def test_format_id_uses_decimal_comma() -> None:
    assert format_id(Decimal("91.48")) == "91,48"
    assert format_id(Decimal("100.00")) == "100,00"


KREJCIE_MORGAN_TABLE = {
    10: 10, 15: 14, 20: 19, 25: 24, 30: 28, 35: 32, 40: 36, 45: 40, 50: 44, 55: 48,
    60: 52, 65: 56, 70: 59, 75: 63, 80: 66, 85: 70, 90: 73, 95: 76, 100: 80,
}  # fmt: skip


@pytest.mark.parametrize(("population", "minimum"), sorted(KREJCIE_MORGAN_TABLE.items()))
def test_krejcie_morgan_reproduces_the_table(population: int, minimum: int) -> None:
    assert krejcie_morgan(population) == minimum


@pytest.mark.parametrize("population", [0, 1, 5, 9])
def test_krejcie_morgan_below_ten_is_a_census(population: int) -> None:
    assert krejcie_morgan(population) == population


def test_krejcie_morgan_refuses_negative_population() -> None:
    with pytest.raises(ValueError):
        krejcie_morgan(-1)


answers = st.one_of(st.none(), st.integers(1, 4))


@st.composite
def surveys(draw: st.DrawFn) -> tuple[tuple[str, ...], list[Row]]:
    n = draw(st.integers(1, len(NINE)))
    rows = draw(st.lists(st.tuples(*[answers] * n), min_size=1, max_size=30))
    return NINE[:n], rows


@given(surveys())
def test_score_stays_within_25_and_100_with_exact_weight(
    survey: tuple[tuple[str, ...], list[Row]],
) -> None:
    codes, rows = survey
    result = compute_ikm(tallies_of(codes, rows), len(rows))
    if result.score is not None:
        assert 25 <= result.score <= 100
        assert Decimal("25.00") <= (result.score_display or 0) <= Decimal("100.00")


@given(surveys(), st.randoms(use_true_random=False))
def test_shuffling_respondents_changes_nothing(
    survey: tuple[tuple[str, ...], list[Row]], rnd: random.Random
) -> None:
    codes, rows = survey
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert compute_ikm(tallies_of(codes, shuffled), len(rows)) == compute_ikm(
        tallies_of(codes, rows), len(rows)
    )


@given(surveys())
def test_adding_an_all_four_respondent_never_lowers_the_score(
    survey: tuple[tuple[str, ...], list[Row]],
) -> None:
    codes, rows = survey
    before = compute_ikm(tallies_of(codes, rows), len(rows))
    after = compute_ikm(tallies_of(codes, [*rows, (4,) * len(codes)]), len(rows) + 1)
    assert after.score is not None
    if before.score is not None:
        assert after.score >= before.score
    for old, new in zip(before.elements, after.elements, strict=True):
        assert new.nrr is not None
        assert old.nrr is None or new.nrr >= old.nrr


@given(surveys(), st.data())
def test_a_blank_changes_only_its_own_unsur(
    survey: tuple[tuple[str, ...], list[Row]], data: st.DataObject
) -> None:
    codes, rows = survey
    filled = [(i, j) for i, row in enumerate(rows) for j, v in enumerate(row) if v is not None]
    if not filled:
        return
    i, j = data.draw(st.sampled_from(filled))
    blanked = [
        tuple(None if (r, c) == (i, j) else v for c, v in enumerate(row))
        for r, row in enumerate(rows)
    ]
    before = compute_ikm(tallies_of(codes, rows), len(rows)).elements
    after = compute_ikm(tallies_of(codes, blanked), len(rows)).elements
    for c, (old, new) in enumerate(zip(before, after, strict=True)):
        if c == j:
            assert new.answered == old.answered - 1
        else:
            assert new == old
