"""The IKM workbook: sheets, formula text, and formulas that compute what the exact engine does."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from scoring.ikm import ElementTally, compute_ikm
from scoring.numbers import parse_weight, round_half_up
from scoring.workbook import ReportData, build_workbook
from scoring.workbook_sheets import respondent_labels
from tests.method_examples import EXAMPLE_A_RESPONDENTS, EXAMPLE_A_SUMS
from tests.workbook_eval import compile_formula, evaluate

WITA = ZoneInfo("Asia/Makassar")
GENERATED = datetime(2026, 11, 27, 2, 0, tzinfo=UTC).astimezone(WITA)
SIX = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")


def example_a_rows() -> list[dict[str, int]]:
    """29 rows of 3s and 4s whose column sums are Example A's."""
    rows: list[dict[str, int]] = [{} for _ in range(EXAMPLE_A_RESPONDENTS)]
    for code, total in EXAMPLE_A_SUMS.items():
        fours = total - 3 * EXAMPLE_A_RESPONDENTS
        for index, row in enumerate(rows):
            row[code] = 4 if index < fours else 3
    return rows


def report(rows, codes, *, weight=None, saran=(), population=25, ends_on=None) -> ReportData:
    tallies = [
        ElementTally(c, sum(r[c] for r in rows if c in r), sum(c in r for r in rows))
        for c in codes
    ]
    return ReportData(
        period_name="Semester II 2026",
        starts_on=date(2026, 7, 1),
        ends_on=ends_on,
        questionnaire_version="permenpanrb-9-v1",
        elements=[(c, c.capitalize()) for c in codes],
        rows=rows,
        saran=saran,
        result=compute_ikm(tallies, len(rows), weight),
        population=population,
        generated_at=GENERATED,
    )


def example_a(**kwargs) -> ReportData:
    return report(example_a_rows(), tuple(EXAMPLE_A_SUMS), **kwargs)


def load(data: ReportData) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_workbook(data)))


#: Under pytest-xdist the module's tests share one worker, so the workbook is evaluated once.
pytestmark = pytest.mark.xdist_group("report_workbook")


@pytest.fixture(scope="module")
def example_a_values(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("wb") / "a.xlsx"
    path.write_bytes(build_workbook(example_a(saran=("Ruang rapat dingin",))))
    return evaluate(path)


def test_sheets_are_rekap_data_saran_info():
    assert load(example_a()).sheetnames == ["Rekap", "Data", "Saran", "Info"]


def test_rekap_holds_live_formulas_over_the_data_sheet():
    rekap = load(example_a())["Rekap"]
    assert rekap["B2"].value == "=1/9"
    header = ["Kode", "Unsur", "Jumlah nilai", "Jumlah responden menjawab", "NRR"]
    assert [c.value for c in rekap[3]] == [*header, "NRR tertimbang"]
    assert [c.value for c in rekap[4]] == [
        "persyaratan",
        "Persyaratan",
        "=SUM(Data!B2:B30)",
        "=COUNT(Data!B2:B30)",
        "=C4/D4",
        "=E4*$B$2",
    ]
    assert rekap["C12"].value == "=SUM(Data!J2:J30)" and rekap["A12"].value == "pengaduan"
    assert rekap["B14"].value == "=SUM(F4:F12)" and rekap["B15"].value == "=B14*25"
    assert rekap["B16"].value == (
        '=IF(ROUND(B15,2)>=88.31,"A",IF(ROUND(B15,2)>=76.61,"B",IF(ROUND(B15,2)>=65.00,"C","D")))'
    )
    assert "Sangat Baik" in rekap["B17"].value and "Tidak Baik" in rekap["B17"].value
    assert rekap["E4"].number_format == "0.0000" and rekap["B14"].number_format == "0.0000"
    assert rekap["B15"].number_format == "0.00"
    assert (rekap["A19"].value, rekap["B19"].value) == ("Nilai menurut ikm-bot", "91,48")
    assert rekap["B20"].value == "3,6590" and rekap["B21"].value == "A (Sangat Baik)"
    assert rekap["A3"].font.b and rekap.column_dimensions["B"].width >= 30


def test_evaluated_workbook_computes_example_a_as_the_exact_engine(example_a_values):
    values = example_a_values
    exact = example_a().result
    for row, element in enumerate(exact.elements, start=4):
        assert values[f"REKAP!C{row}"] == element.total
        assert values[f"REKAP!D{row}"] == element.answered
        assert values[f"REKAP!E{row}"] == pytest.approx(float(element.nrr), abs=1e-12)
    assert values["REKAP!B14"] == pytest.approx(float(Fraction(955, 261)), abs=1e-12)
    assert round_half_up(Fraction(values["REKAP!B14"]), 4) == exact.ikm_display
    assert round_half_up(Fraction(values["REKAP!B15"]), 2) == exact.score_display
    assert str(exact.score_display) == "91.48"
    assert (values["REKAP!B16"], values["REKAP!B17"]) == ("A", "Sangat Baik")


def test_legacy_weight_reproduces_the_old_report_and_is_labelled(tmp_path):
    data = example_a(weight=parse_weight("0.11"))
    path = tmp_path / "legacy.xlsx"
    path.write_bytes(build_workbook(data))
    values = evaluate(path)
    assert round_half_up(Fraction(values["REKAP!B15"]), 2) == data.result.score_display
    assert str(data.result.score_display) == "90.56" and values["REKAP!B16"] == "A"
    book = openpyxl.load_workbook(path)
    assert book["Rekap"]["B2"].value == "=0.11"
    legacy = "dihitung dengan bobot 0,11 (mode kompatibilitas laporan lama), bukan 1/n"
    assert legacy in [c.value for c in book["Rekap"]["B"]]
    assert ("Bobot", legacy) in info(book)


def test_a_blank_answer_is_left_out_of_its_unsur_not_counted_as_zero(tmp_path):
    rows = [dict(zip(SIX, v, strict=True)) for v in [(3, 4, 2, 3, 4, 1), (4, 4, 3, 3, 4, 2)]]
    rows += [dict(zip(SIX, (2, 3, 3, 4, 4, 3), strict=True)), {c: 4 for c in SIX}]
    del rows[1]["waktu"]
    data = report(rows, SIX)
    path = tmp_path / "blank.xlsx"
    path.write_bytes(build_workbook(data))
    assert openpyxl.load_workbook(path)["Data"]["C3"].value is None
    values = evaluate(path)
    assert (values["REKAP!C5"], values["REKAP!D5"]) == (11, 3)
    assert values["REKAP!E5"] == pytest.approx(11 / 3, abs=1e-12)
    assert values["REKAP!B11"] == pytest.approx(float(data.result.ikm), abs=1e-12)
    assert round_half_up(Fraction(values["REKAP!B12"]), 2) == data.result.score_display


@pytest.mark.parametrize(
    ("score", "grade", "label"),
    [
        (100, "A", "Sangat Baik"),
        (88.305, "A", "Sangat Baik"),
        (88.3049, "B", "Baik"),
        (76.61, "B", "Baik"),
        (76.6049, "C", "Kurang Baik"),
        (64.995, "C", "Kurang Baik"),
        (64.9949, "D", "Tidak Baik"),
        (25, "D", "Tidak Baik"),
    ],
)
def test_mutu_and_kinerja_formulas_use_the_rounded_score_and_the_2017_bands(score, grade, label):
    rekap = load(example_a())["Rekap"]
    assert compile_formula(rekap["B16"].value)(score) == grade
    assert compile_formula(rekap["B17"].value)(score) == label


def test_data_sheet_has_one_anonymous_row_per_response():
    data = load(example_a())["Data"]
    assert [c.value for c in data[1]] == ["Responden", *EXAMPLE_A_SUMS]
    assert data["A2"].value == "R01" and data["A30"].value == "R29" and data.max_row == 30
    assert {data.cell(r, 5).value for r in range(2, 31)} == {4}  # biaya: 116 = 29 × 4
    assert data["A1"].font.b


def test_respondent_labels_are_padded_to_the_width_of_the_count():
    assert respondent_labels(3) == ["R1", "R2", "R3"]
    assert respondent_labels(29)[:2] == ["R01", "R02"]
    assert respondent_labels(100)[0] == "R001"


def test_saran_are_numbered_and_stay_text():
    saran = load(example_a(saran=("AC ruang rapat sering mati", "=1+1")))["Saran"]
    assert [(r[0].value, r[1].value) for r in saran.iter_rows(min_row=2)] == [
        (1, "AC ruang rapat sering mati"),
        (2, "=1+1"),
    ]
    assert saran["B3"].data_type == "s"


def test_no_saran_says_so():
    assert load(example_a())["Saran"]["A1"].value == "Tidak ada saran pada periode ini."


def info(book) -> list[tuple]:
    return [(r[0].value, r[1].value) for r in book["Info"].iter_rows()]


def test_info_names_period_dates_method_sample_and_time_in_wita():
    lines = dict(info(load(example_a(ends_on=date(2026, 12, 31)))))
    assert lines["Periode"] == "Semester II 2026"
    assert lines["Tanggal mulai"] == "1 Juli 2026"
    assert lines["Tanggal selesai"] == "31 Desember 2026"
    assert lines["Versi kuesioner"] == "permenpanrb-9-v1"
    assert lines["Metode"] == (
        "PermenPANRB Nomor 14 Tahun 2017 (NRR per unsur, bobot 1/n, konversi ×25)"
    )
    assert lines["Jumlah responden"] == 29 and lines["Populasi (anggota DPRD aktif)"] == 25
    assert lines["Sampel minimal (Krejcie & Morgan)"] == 24
    assert lines["Kecukupan sampel"] == "memadai"
    assert lines["Dibuat pada"] == "27 November 2026 pukul 10.00 WITA"
    assert "Bobot" not in lines


def test_a_small_sample_is_flagged_and_no_cell_holds_a_datetime():
    book = load(example_a(population=40))
    assert dict(info(book))["Kecukupan sampel"] == (
        "Sampel belum memadai: 29 dari minimal 36 responden (Krejcie & Morgan, populasi 40)"
    )
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert not any(isinstance(v, (date, datetime)) for v in cells)


def test_rows_that_do_not_match_the_result_are_refused():
    data = example_a()
    wrong = ReportData(**{**data.__dict__, "rows": data.rows[:-1]})
    with pytest.raises(ValueError, match="one row per respondent"):
        build_workbook(wrong)
    changed = [dict(r) for r in data.rows]
    changed[0]["waktu"] = 1
    with pytest.raises(ValueError, match="waktu"):
        build_workbook(ReportData(**{**data.__dict__, "rows": changed}))
