"""Behaviour of the answers-file reader and the vectorised per-unsur tally."""

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.answers_file import AnswersFileError, AnswersTable, read_answers
from scoring.frame import tally_frame
from scoring.ikm import ElementTally, compute_ikm


def write(tmp_path: Path, text: str, name: str = "jawaban.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def error_of(path: Path) -> str:
    with pytest.raises(AnswersFileError) as caught:
        read_answers(path)
    message = caught.value.message
    assert "\n" not in message
    return message


def column_values(table: AnswersTable, code: str) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in table.frame[code]]


def test_comma_csv_is_read_in_file_order_with_blanks_as_na(tmp_path: Path) -> None:
    table = read_answers(write(tmp_path, "waktu,prosedur\n4,3\n,2\n1,4\n"))
    assert table.codes == ("waktu", "prosedur")
    assert table.respondents == 3
    assert column_values(table, "waktu") == [4, None, 1]
    assert all(str(dtype) == "Int8" for dtype in table.frame.dtypes)


def test_semicolon_csv_with_messy_headers_and_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "Responden; Prosedur ;SARANA\r\nR1;4;3\r\nR2;;2\r\n;;\r\n")
    table = read_answers(path)
    assert table.codes == ("prosedur", "sarana")
    assert table.respondents == 2
    assert table.respondent_ids is not None
    assert table.respondent_ids.tolist() == ["R1", "R2"]
    assert table.frame.index.tolist() == [2, 3]


def test_utf8_bom_is_stripped_from_the_first_header(tmp_path: Path) -> None:
    table = read_answers(write(tmp_path, "\ufeffprosedur,waktu\n4,3\n"))
    assert table.codes == ("prosedur", "waktu")


def test_latin1_file_falls_back_without_garbling_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "responden;prosedur\nJosé;4\nZoë;3\n", encoding="latin-1")
    table = read_answers(path)
    assert table.respondent_ids is not None
    assert table.respondent_ids.tolist() == ["José", "Zoë"]


def test_an_excel_cp1252_file_keeps_its_typographic_apostrophe(tmp_path: Path) -> None:
    path = write(tmp_path, "responden;prosedur\nMa\u2019ruf;4\nZoë;3\n", encoding="cp1252")
    table = read_answers(path)
    assert table.respondent_ids is not None
    assert table.respondent_ids.tolist() == ["Ma\u2019ruf", "Zoë"]


def test_xlsx_is_read_through_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["responden", "Prosedur", "waktu"], ["A1", 4, 3], ["A2", None, 2], ["A3", 1, 4]):
        sheet.append(row)
    path = tmp_path / "jawaban.xlsx"
    book.save(path)
    table = read_answers(path)
    assert table.codes == ("prosedur", "waktu")
    assert table.respondents == 3
    assert column_values(table, "prosedur") == [4, None, 1]


def test_xlsx_text_answer_names_row_and_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["prosedur", "waktu"], [4, 3], [None, None], [3, "baik"]):
        sheet.append(row)
    path = tmp_path / "jawaban.xlsx"
    book.save(path)
    assert error_of(path).startswith("Baris 4, kolom waktu (B): 'baik' bukan angka")


@pytest.mark.parametrize(
    ("cell", "shown"), [("5", "nilai 5 tidak valid"), ("0", "nilai 0"), ("2.5", "nilai 2.5")]
)
def test_answer_outside_one_to_four_names_row_and_column(
    tmp_path: Path, cell: str, shown: str
) -> None:
    message = error_of(write(tmp_path, f"prosedur,waktu\n4,3\n4,3\n3,{cell}\n"))
    assert message.startswith(f"Baris 4, kolom waktu (B): {shown}")


def test_text_answer_names_row_and_column(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "prosedur;waktu\n4;3\nbaik;3\n"))
    assert message.startswith("Baris 3, kolom prosedur (A): 'baik' bukan angka")


def test_earliest_bad_row_is_reported_first(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "prosedur,waktu\n4,3\n4,9\n7,3\n"))
    assert message.startswith("Baris 3, kolom waktu (B)")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert "kosong" in error_of(write(tmp_path, ""))


def test_header_without_rows_is_refused(tmp_path: Path) -> None:
    assert "tidak berisi jawaban" in error_of(write(tmp_path, "prosedur,waktu\n"))


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert "tidak ditemukan" in error_of(tmp_path / "tidak-ada.csv")


def test_header_without_any_unsur_is_refused(tmp_path: Path) -> None:
    assert "tidak memuat kolom unsur" in error_of(write(tmp_path, "responden\nR1\n"))


def test_unknown_columns_are_named_with_how_to_name_them(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "prosedur,nama,kelas,Ruang\n4,Ani,X,3\n"))
    assert message.startswith("Kolom tidak dikenal: 'kelas' (C), 'Ruang' (D) (judul di baris 1).")
    assert "U1…Un" in message and "'Unsur <nama>'" in message and "--unsur" in message


def test_duplicate_respondent_id_names_both_rows(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "responden,prosedur\nR1,4\nR2,3\nR1,2\n"))
    assert message == "Baris 4, kolom responden (A): ID 'R1' sudah dipakai di baris 2."


def test_repeated_unsur_column_is_refused(tmp_path: Path) -> None:
    assert "muncul lebih dari sekali: A dan C" in error_of(
        write(tmp_path, "prosedur,waktu,Prosedur\n4,3,2\n")
    )


def test_row_with_more_values_than_headers_names_the_row(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "prosedur,waktu\n4,3\n4,3,1\n"))
    assert message.startswith("Baris 3, kolom C:")


def test_file_answers_flow_into_the_exact_ikm(tmp_path: Path) -> None:
    table = read_answers(write(tmp_path, "prosedur,waktu\n4,3\n4,\n2,4\n"))
    result = compute_ikm(tally_frame(table.frame, table.codes), table.respondents)
    assert [(e.total, e.answered) for e in result.elements] == [(10, 3), (7, 2)]
    assert str(result.score_display) == "85.42"


def test_tally_frame_excludes_na_and_refuses_values_outside_one_to_four() -> None:
    frame = pd.DataFrame({"waktu": pd.array([4, None, 2], dtype="Int8"), "x": [9, 9, 9]})
    assert tally_frame(frame, ["waktu"]) == [ElementTally("waktu", 6, 2)]
    with pytest.raises(ValueError, match="outside"):
        tally_frame(frame.assign(waktu=pd.array([4, 5, None], dtype="Int8")), ["waktu"])


@given(st.lists(st.tuples(*[st.one_of(st.none(), st.integers(1, 4))] * 3), max_size=20))
def test_tally_frame_matches_a_plain_python_tally(rows: list[tuple[int | None, ...]]) -> None:
    codes = ["prosedur", "waktu", "sarana"]
    frame = pd.DataFrame(
        {c: pd.array([row[j] for row in rows], dtype="Int8") for j, c in enumerate(codes)}
    )
    expected = [
        ElementTally(c, sum(r[j] or 0 for r in rows), sum(r[j] is not None for r in rows))
        for j, c in enumerate(codes)
    ]
    assert tally_frame(frame, codes) == expected


def big_csv(tmp_path: Path, rows: int, bad_row: int | None = None) -> Path:
    line = "4,3,,2,1,4\n"
    body = [line] * rows
    if bad_row is not None:
        body[bad_row - 2] = "4,baik,3,3,3,3\n"
    header = "prosedur,waktu,produk,kompetensi,perilaku,sarana\n"
    return write(tmp_path, header + "".join(body))


def test_large_file_is_read_whole(tmp_path: Path) -> None:
    table = read_answers(big_csv(tmp_path, 200_000))
    assert table.respondents == 200_000
    tallies = tally_frame(table.frame, table.codes)
    assert tallies[0] == ElementTally("prosedur", 800_000, 200_000)
    assert tallies[2] == ElementTally("produk", 0, 0)


def test_late_text_answer_in_a_large_file_names_its_row(tmp_path: Path) -> None:
    message = error_of(big_csv(tmp_path, 200_000, bad_row=180_001))
    assert message.startswith("Baris 180001, kolom waktu (B): 'baik' bukan angka")
