"""Roster files (CSV or XLSX) are read whole and validated row by row before any import."""

import datetime as dt

import pytest
from openpyxl import Workbook

from survey.people.model import Role
from survey.people.roster_file import RosterFileError, RosterRow, read_roster
from survey.sheets import RowProblem, SheetError, read_sheet

HEADER = "nama,telepon,peran,bidang"


def write_csv(tmp_path, lines, *, name="roster.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def write_xlsx(tmp_path, rows, *, name="roster.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def problems_of(path):
    with pytest.raises(RosterFileError) as caught:
        read_roster(path)
    return caught.value.problems


# --- reading valid files -------------------------------------------------------------------


def test_comma_csv_gives_one_row_per_person_with_spreadsheet_row_numbers(tmp_path):
    path = write_csv(
        tmp_path,
        [
            HEADER,
            "H. Ahmad  Rizani,0812-3456-7890,anggota,",
            "Siti Rahmah,0813 1111 2222,KABID, Persidangan ",
        ],
    )

    assert read_roster(path) == [
        RosterRow(2, "H. Ahmad Rizani", "+6281234567890", Role.ANGGOTA, None),
        RosterRow(3, "Siti Rahmah", "+6281311112222", Role.KABID, "persidangan"),
    ]


def test_semicolon_csv_with_utf8_bom_and_extra_columns_is_read(tmp_path):
    path = write_csv(
        tmp_path,
        [
            " No ; Nama ; TELEPON;Peran;Bidang;Keterangan",
            "1;Zulkifli Muñoz;+62 813-2222-3333;staf;fasilitasi;-",
        ],
        encoding="utf-8-sig",
    )

    assert read_roster(path) == [
        RosterRow(2, "Zulkifli Muñoz", "+6281322223333", Role.STAF, "fasilitasi")
    ]


def test_latin1_csv_from_excel_keeps_accented_names(tmp_path):
    path = write_csv(
        tmp_path, [HEADER, "Zulkifli Muñoz,081322223333,anggota,"], encoding="latin-1"
    )

    assert [row.name for row in read_roster(path)] == ["Zulkifli Muñoz"]


def test_cp1252_csv_keeps_typographic_apostrophe(tmp_path):
    lines = ["nama;telepon;peran;bidang", "Hj. Nurhayati Ma’ruf;081322223333;sekretaris;"]
    path = write_csv(tmp_path, lines, encoding="cp1252")

    assert [row.name for row in read_roster(path)] == ["Hj. Nurhayati Ma’ruf"]


def test_xlsx_with_phones_stored_as_numbers_is_read(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Nama", "Telepon", "Peran", "Bidang"],
            ["Rahmadi", 6281234567890, "anggota", None],
            ["Nor Aida", 6281311112222.0, "kabid", "Fasilitasi"],
            ["Fauzan", 81355556666, "staf", "persidangan"],
        ],
    )

    assert read_roster(path) == [
        RosterRow(2, "Rahmadi", "+6281234567890", Role.ANGGOTA, None),
        RosterRow(3, "Nor Aida", "+6281311112222", Role.KABID, "fasilitasi"),
        RosterRow(4, "Fauzan", "+6281355556666", Role.STAF, "persidangan"),
    ]


@pytest.mark.parametrize("phone", ["0812-3456-7890", "6281234567890", "+62 812-3456-7890"])
def test_each_phone_form_names_the_same_person(tmp_path, phone):
    path = write_csv(tmp_path, [HEADER, f"Rahmadi,{phone},anggota,"])

    assert read_roster(path)[0].phone == "+6281234567890"


def test_blank_rows_are_skipped_but_counted(tmp_path):
    path = write_csv(
        tmp_path, [HEADER, "", "Rahmadi,081234567890,anggota,", ",,,", "x,1,anggota,"]
    )

    assert problems_of(path) == [
        RowProblem(5, "nomor telepon tidak valid: '1' (harus diawali 0, 62 atau +62)")
    ]


# --- rejecting bad files -------------------------------------------------------------------


def test_missing_columns_are_named_in_one_file_problem(tmp_path):
    path = write_csv(tmp_path, ["nama,hp,peran", "Rahmadi,081234567890,anggota"])

    (problem,) = problems_of(path)

    assert problem.row is None
    assert problem.reason.startswith("kolom wajib tidak ada: telepon, bidang")


def test_every_bad_row_is_reported_with_its_row_number(tmp_path):
    path = write_csv(
        tmp_path,
        [
            HEADER,
            "Rahmadi,081234567890,anggota,",
            "Siti,0813-1111-2222,kabid,",
            "Nor Aida,abc,staf,fasilitasi",
            "Fauzan,+62 812 3456 7890,ketua,",
            " ,081399998888,Sekretaris,",
        ],
    )

    assert [str(problem) for problem in problems_of(path)] == [
        "baris 3: bidang wajib diisi untuk peran kabid",
        "baris 4: nomor telepon tidak valid: 'abc' "
        "(hanya boleh angka, spasi, titik, tanda hubung, kurung dan +)",
        "baris 5: nomor telepon sama dengan baris 2",
        "baris 5: peran tidak dikenal: 'ketua' (pilihan: anggota, staf, kabid, sekretaris)",
        "baris 6: nama kosong",
    ]


def test_error_text_lists_problems_one_per_line(tmp_path):
    path = write_csv(tmp_path, [HEADER, "A,081234567890,anggota,", "B,6281234567890,tamu,"])

    with pytest.raises(RosterFileError) as caught:
        read_roster(path)

    assert str(caught.value).splitlines() == [
        "baris 3: nomor telepon sama dengan baris 2",
        "baris 3: peran tidak dikenal: 'tamu' (pilihan: anggota, staf, kabid, sekretaris)",
    ]


def test_duplicates_in_xlsx_name_the_first_row(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["nama", "telepon", "peran", "bidang"],
            ["A", 6281234567890, "anggota", None],
            [None] * 4,
            ["B", "0812-3456-7890", "anggota", None],
        ],
    )

    assert problems_of(path) == [RowProblem(4, "nomor telepon sama dengan baris 2")]


def test_header_without_data_rows_is_a_problem(tmp_path):
    path = write_csv(tmp_path, [HEADER, ",,,"])

    assert problems_of(path) == [RowProblem(None, "tidak ada baris data di bawah baris judul")]


@pytest.mark.parametrize("content", [b"", b"\r\n ; ;\r\n"])
def test_empty_file_is_a_problem(tmp_path, content):
    path = tmp_path / "roster.csv"
    path.write_bytes(content)

    assert problems_of(path) == [RowProblem(None, "berkas kosong: 'roster.csv'")]


def test_missing_file_is_a_problem(tmp_path):
    path = tmp_path / "tidak-ada.xlsx"

    assert problems_of(path) == [RowProblem(None, f"berkas tidak ditemukan: {path}")]


def test_text_file_named_xlsx_is_a_problem(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text(HEADER + "\nRahmadi,081234567890,anggota,\n")

    assert problems_of(path) == [
        RowProblem(None, "berkas Excel rusak atau bukan .xlsx: 'roster.xlsx'")
    ]


def test_xlsx_file_named_csv_is_a_problem(tmp_path):
    path = write_xlsx(tmp_path, [HEADER.split(",")], name="roster.csv")

    assert problems_of(path) == [
        RowProblem(None, "bukan berkas teks CSV: 'roster.csv' (berkas Excel harus .xlsx)")
    ]


def test_unsupported_extension_is_a_problem(tmp_path):
    path = write_csv(tmp_path, [HEADER], name="roster.xls")

    (problem,) = problems_of(path)

    assert problem.reason.startswith("format berkas tidak didukung: 'roster.xls'")


# --- the sheet reader underneath -----------------------------------------------------------


def test_sheet_normalizes_header_and_renders_xlsx_cells_as_text(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            [None],
            ["  Tanggal   Lahir ", "Nilai", None, "Ya"],
            [dt.datetime(1980, 5, 17), 3.5, "abaikan", True],
            [None, None, None, None],
            [dt.date(2024, 1, 2), 4, None, False],
        ],
    )

    sheet = read_sheet(path)

    assert sheet.header == ("tanggal lahir", "nilai", "ya")
    assert [(row.number, dict(row.values)) for row in sheet.rows] == [
        (3, {"tanggal lahir": "1980-05-17", "nilai": "3.5", "ya": "TRUE"}),
        (5, {"tanggal lahir": "2024-01-02", "nilai": "4", "ya": "FALSE"}),
    ]


def test_sheet_pads_short_csv_rows_and_keeps_quoted_delimiters(tmp_path):
    path = write_csv(tmp_path, ["nama;alamat;catatan", '"Rahmadi; S.H.";"Paringin"'])

    (row,) = read_sheet(path).rows

    assert dict(row.values) == {"nama": "Rahmadi; S.H.", "alamat": "Paringin", "catatan": ""}


def test_sheet_rejects_duplicate_column_names(tmp_path):
    path = write_csv(tmp_path, ["Nama,nama ", "a,b"])

    with pytest.raises(SheetError, match=r"^nama kolom ganda di 'roster\.csv': nama$"):
        read_sheet(path)


def test_a_wrong_file_lists_fifty_problems_then_counts_the_rest(tmp_path):
    rows = [f"Orang {i},08123456{i:04d},ketua," for i in range(60)]
    path = write_csv(tmp_path, [HEADER, *rows])

    with pytest.raises(RosterFileError) as caught:
        read_roster(path)

    lines = str(caught.value).splitlines()
    assert len(caught.value.problems) == 60 and len(lines) == 51
    assert lines[0].startswith("baris 2: peran tidak dikenal: 'ketua'")
    assert lines[49].startswith("baris 51: peran tidak dikenal")
    assert lines[50] == "… dan 10 masalah lain"
