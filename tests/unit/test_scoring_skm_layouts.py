"""SKM files as teams keep them: U1–U9 with a title block and totals, full names, own names."""

from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from scoring.answers_file import AnswersFileError, AnswersTable, read_answers
from scoring.frame import tally_frame
from scoring.ikm import IkmResult, compute_ikm

# Four respondents, U1..U9; respondent 3 left U9 blank.
ANSWERS = [
    [4, 3, 3, 4, 3, 3, 4, 3, 4],
    [3, 3, 2, 4, 3, 4, 4, 3, 4],
    [4, 4, 3, 4, 3, 3, 3, 2, None],
    [3, 3, 3, 4, 4, 3, 4, 3, 3],
]
DEMOGRAPHY = [[1, "L", 45, "S1", "Anggota DPRD"], [2, "P", 38, "S2", "Anggota DPRD"]] * 2
SUMS = [14, 13, 11, 16, 13, 13, 15, 11, 11]
SAMPLE_ORDER = (
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


def score(table: AnswersTable, weight: Fraction | None = None) -> IkmResult:
    return compute_ikm(tally_frame(table.frame, table.codes), table.respondents, weight)


def published_layout(tmp_path: Path, totals: list[int | str] | None = None) -> Path:
    """Title rows 1–3, a blank row 4, the header in row 5, data in rows 6–9, a blank row 10,
    then Jumlah, NRR and IKM rows 11–13 as published reports print them."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["HASIL SURVEI KEPUASAN MASYARAKAT"])
    sheet.append(["SEKRETARIAT DPRD KABUPATEN BALANGAN"])
    sheet.append(["Periode: Semester I 2026"])
    sheet.append([])
    sheet.append(
        ["No", "Jenis Kelamin", "Umur", "Pendidikan", "Pekerjaan"]
        + [f"U{i}" for i in range(1, 10)]
    )
    for person, answers in zip(DEMOGRAPHY, ANSWERS, strict=True):
        sheet.append([*person, *answers])
    sheet.append([])
    sheet.append(["Jumlah", None, None, None, None, *(totals or SUMS)])
    sheet.append(
        ["NRR per unsur", None, None, None, None, 3.5, 3.25, 2.75, 4, 3.25, 3.25, 3.75, 2.75, 3.67]
    )
    sheet.append(["IKM", None, None, None, None, 83.8])
    path = tmp_path / "skm.xlsx"
    book.save(path)
    return path


def test_u1_to_u9_with_title_block_demography_and_totals_is_scored_exactly(
    tmp_path: Path,
) -> None:
    table = read_answers(published_layout(tmp_path))
    assert table.codes == SAMPLE_ORDER
    assert table.respondents == 4
    assert table.frame.index.tolist() == [6, 7, 8, 9]
    result = score(table)
    assert [(e.code, e.total, e.answered) for e in result.elements] == [
        *[(code, total, 4) for code, total in zip(SAMPLE_ORDER[:8], SUMS[:8], strict=True)],
        ("pengaduan", 11, 3),
    ]
    # Σ NRR = 106/4 + 11/3 = 181/6; IKM = 181/54; skor = 4525/54 = 83.796…
    assert result.ikm == Fraction(181, 54)
    assert str(result.ikm_display) == "3.3519"
    assert str(result.score_display) == "83.80"
    assert (result.grade, result.label) == ("B", "Baik")


def test_the_reader_says_what_it_set_aside(tmp_path: Path) -> None:
    notes = read_answers(published_layout(tmp_path)).notes
    assert notes == (
        "Baris 1–4 di atas judul kolom (judul laporan) dilewati.",
        "Kolom bukan jawaban diabaikan: No (A), Jenis Kelamin (B), Umur (C), Pendidikan (D), "
        "Pekerjaan (E).",
        "U1–U9 dibaca sebagai sembilan unsur standar menurut urutan kuesioner contoh "
        "PermenPANRB 14/2017 (U8 sarana, U9 pengaduan).",
        "Baris 11–13 di bawah data (jumlah, NRR, IKM) dilewati.",
    )


def test_a_totals_row_that_disagrees_with_the_data_is_refused_precisely(tmp_path: Path) -> None:
    wrong = [*SUMS[:2], 12, *SUMS[3:]]
    with pytest.raises(AnswersFileError) as caught:
        read_answers(published_layout(tmp_path, wrong))
    assert caught.value.message == (
        "Baris 11 (Jumlah), kolom U3 (H): tertulis 12, sedangkan jumlah jawaban di atasnya 11; "
        "periksa data atau baris jumlah."
    )


def test_an_unlabelled_totals_row_is_a_bad_cell_named_by_its_row(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    rows = ["U1;U2", "4;3", "3;3", "7;6"]
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(AnswersFileError) as caught:
        read_answers(path)
    assert caught.value.message.startswith(
        "Baris 4, kolom U1 (A): nilai 7 tidak valid; Baris 4, kolom U2 (B): nilai 6 tidak valid"
    )


def test_every_bad_cell_is_listed_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    rows = ["Nama;U1;U2;U3", "A;4;5;3", "B;3;3;baik", "C;0;3;2,5", "D;4;4;4"]
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(AnswersFileError) as caught:
        read_answers(path)
    assert caught.value.message == (
        "Baris 2, kolom U2 (C): nilai 5 tidak valid; "
        "Baris 3, kolom U3 (D): 'baik' bukan angka; "
        "Baris 4, kolom U1 (B): nilai 0 tidak valid; "
        "Baris 4, kolom U3 (D): nilai 2,5 tidak valid (semua 4 sel); "
        "isi 1, 2, 3, atau 4 (kosongkan bila tidak dijawab)."
    )


FULL_NAMES = (
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "  WAKTU   penyelesaian ",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Sarana dan Prasarana",
    "Penanganan Pengaduan, Saran dan Masukan",
)


def test_full_names_in_any_case_and_spacing_are_the_standard_unsur(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    body = [";".join("" if a is None else str(a) for a in row) for row in ANSWERS]
    path.write_text("\n".join([";".join(FULL_NAMES), *body]) + "\n")
    table = read_answers(path)
    assert table.codes == SAMPLE_ORDER
    assert score(table).ikm == Fraction(181, 54)
    assert table.notes == ()


def test_own_unsur_names_score_the_same_as_the_standard_codes(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text("Unsur Kejelasan Informasi,Ketepatan Jadwal,Umur\n4,3,40\n2,,51\n3,4,33\n")
    table = read_answers(own, own_unsur=("ketepatan  jadwal",))
    assert table.codes == ("Unsur Kejelasan Informasi", "Ketepatan Jadwal")
    # NRR 9/3 and 7/2: IKM = (3 + 7/2) / 2 = 13/4, skor 81.25
    assert score(table).ikm == Fraction(13, 4)
    standard = tmp_path / "standard.csv"
    standard.write_text("waktu,sarana\n4,3\n2,\n3,4\n")
    assert score(read_answers(standard)).ikm == Fraction(13, 4)


def test_legacy_names_of_kep25_are_unsur(tmp_path: Path) -> None:
    path = tmp_path / "lama.csv"
    path.write_text("Prosedur;Kejelasan Petugas;Kepastian Jadwal\n4;3;2\n")
    table = read_answers(path)
    assert table.codes == ("prosedur", "Kejelasan Petugas", "Kepastian Jadwal")


def test_a_two_row_header_takes_no_and_nama_from_the_row_above(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["No", "Nama", "NILAI UNSUR PELAYANAN"])
    sheet.append([None, None, "U1", "U2"])
    sheet.append([1, "Ani", 4, 3])
    sheet.append([2, "Budi", 3, 3])
    path = tmp_path / "dua.xlsx"
    book.save(path)
    table = read_answers(path)
    assert table.codes == ("U1", "U2")
    assert table.frame.index.tolist() == [3, 4]
    assert "Kolom bukan jawaban diabaikan: No (A), Nama (B)." in table.notes


def test_standard_name_and_code_for_the_same_unsur_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dua.csv"
    path.write_text("waktu;Waktu Penyelesaian\n4;3\n")
    with pytest.raises(AnswersFileError) as caught:
        read_answers(path)
    assert caught.value.message == "Kolom waktu muncul lebih dari sekali: A dan B."
