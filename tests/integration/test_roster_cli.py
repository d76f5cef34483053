"""`ikm roster …` end to end: all-or-nothing imports, dry runs, re-imports, deactivation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import run_ikm

GOOD = (
    "nama;telepon;peran;bidang\n"
    "H. Ahmad Rizani;0812-3456-7801;anggota;\n"
    "Hj. Siti Aminah;6281234567802;anggota;\n"
    "Drs. Budi Santoso;+62 812-3456-7803;kabid;persidangan\n"
    "Rahmah, S.E.;081234567804;sekretaris;\n"
)


@pytest.fixture
def ikm(database_url: str, tmp_path: Path):
    def call(*args: str, env: dict[str, str] | None = None):
        return run_ikm(*args, database_url=database_url, cwd=tmp_path, env=env)

    return call


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def test_import_then_reimport_is_idempotent(ikm, tmp_path):
    first = ikm("roster", "import", write(tmp_path, "r.csv", GOOD))
    assert first.returncode == 0, first.stderr
    assert "Diimpor: 4 orang — 4 baru." in first.stdout
    again = ikm("roster", "import", write(tmp_path, "r.csv", GOOD))
    assert "4 tetap" in again.stdout
    listing = ikm("roster", "list")
    assert "4 orang." in listing.stdout and "+6281234567803" in listing.stdout


def test_phone_forms_are_one_person_and_changes_update_by_phone(ikm, tmp_path):
    ikm("roster", "import", write(tmp_path, "r.csv", GOOD))
    moved = (
        "nama,telepon,peran,bidang\n"
        "H. Ahmad Rizani MSi,+62 812 3456 7801,staf,Fasilitasi Penganggaran dan Pengawasan\n"
    )
    result = ikm("roster", "import", write(tmp_path, "m.csv", moved))
    assert result.returncode == 0, result.stderr
    assert "diubah (nama, peran, bidang)" in result.stdout
    assert "H. Ahmad Rizani MSi" in ikm("roster", "list").stdout


def test_bidang_are_the_decree_s_and_an_unknown_one_is_refused_naming_the_choices(ikm, tmp_path):
    people = (
        "nama,telepon,peran,bidang\n"
        "Kabid A,081200000001,kabid,Bidang Persidangan dan Perundang-Undangan\n"
        "Kabid B,081200000002,kabid,fasilitas penganggaran dan pengawasan\n"
        "Staf C,081200000003,staf,Keuangan\n"
    )
    refused = ikm("roster", "import", write(tmp_path, "b.csv", people))
    assert refused.returncode == 1
    assert (
        "baris 4: bidang tidak dikenal: 'keuangan' (pilihan: persidangan (Persidangan dan "
        "Perundang-Undangan), fasilitasi (Fasilitasi Penganggaran dan Pengawasan); bidang "
        "lain ditambahkan lewat pengaturan IKM_BIDANG_LAIN)" in refused.stderr
    )
    assert "baris 2" not in refused.stderr and "baris 3" not in refused.stderr
    extended = ikm(
        "roster", "import", write(tmp_path, "b.csv", people), env={"IKM_BIDANG_LAIN": "Keuangan"}
    )
    assert extended.returncode == 0, extended.stderr
    listing = ikm("roster", "list").stdout
    assert "persidangan" in listing and "fasilitasi" in listing and "keuangan" in listing
    assert "Perundang" not in listing


def test_two_people_with_one_name_are_warned_about(ikm, tmp_path):
    people = (
        "nama,telepon,peran,bidang\n"
        "Rahmadi,081200000001,anggota,\n"
        "Budi,081200000002,anggota,\n"
        "rahmadi ,081200000003,anggota,\n"
    )
    result = ikm("roster", "import", write(tmp_path, "d.csv", people))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Peringatan: 2 orang bernama 'Rahmadi': baris 2 (+6281200000001), baris 4 "
        "(+6281200000003); bedakan dengan nomor telepon."
    )


def test_a_name_already_on_the_roster_under_another_phone_is_warned_about(ikm, tmp_path):
    first = "nama,telepon,peran,bidang\nRahmadi,081200000001,anggota,\n"
    assert ikm("roster", "import", write(tmp_path, "a.csv", first)).returncode == 0
    again = ikm("roster", "import", write(tmp_path, "b.csv", first))
    assert "Peringatan" not in again.stdout  # the same person, updated by phone
    second = "nama,telepon,peran,bidang\nRAHMADI,081300000009,anggota,\n"
    result = ikm("roster", "import", write(tmp_path, "c.csv", second))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Peringatan: 2 orang bernama 'RAHMADI': baris 2 (+6281300000009), sudah di roster "
        "(+6281200000001); bedakan dengan nomor telepon."
    )


def test_dry_run_shows_the_plan_and_writes_nothing(ikm, tmp_path):
    result = ikm("roster", "import", "--dry-run", write(tmp_path, "r.csv", GOOD))
    assert result.returncode == 0
    assert "uji coba, tidak disimpan" in result.stdout and "4 baru" in result.stdout
    assert "0 orang." in ikm("roster", "list").stdout


def test_one_bad_row_rejects_the_whole_file_with_row_numbers(ikm, tmp_path):
    bad = GOOD + "Tanpa Nomor;abc;anggota;\nX;0812-3456-7801;anggota;\nY;0813111122;ketua;\n"
    bad += "Z;0813111133;kabid;\n"
    result = ikm("roster", "import", write(tmp_path, "bad.csv", bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "baris 6: nomor telepon tidak valid" in result.stderr
    assert "baris 7: nomor telepon sama dengan baris 2" in result.stderr
    assert "baris 8: peran tidak dikenal: 'ketua'" in result.stderr
    assert "baris 9: bidang wajib diisi untuk peran kabid" in result.stderr
    assert "0 orang." in ikm("roster", "list").stdout


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("nocol.csv", "nama,telepon,peran\nA,0812345678,anggota\n", "tidak ada: bidang"),
        ("empty.csv", "", "berkas kosong"),
        ("fake.xlsx", "this is not excel", "bukan .xlsx"),
    ],
)
def test_malformed_files_get_one_clear_message(ikm, tmp_path, name, content, expected):
    result = ikm("roster", "import", write(tmp_path, name, content))
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_missing_file_is_reported_without_a_traceback(ikm, tmp_path):
    result = ikm("roster", "import", str(tmp_path / "tidak-ada.csv"))
    assert result.returncode == 1
    assert "berkas tidak ditemukan" in result.stderr and "Traceback" not in result.stderr


def test_latin1_csv_from_excel_keeps_names(ikm, tmp_path):
    text = "nama;telepon;peran;bidang\nZulkifli Muñoz;0812-9999-0001;anggota;\n"
    result = ikm("roster", "import", write(tmp_path, "l1.csv", text, encoding="latin-1"))
    assert result.returncode == 0, result.stderr
    assert "Zulkifli Muñoz" in ikm("roster", "list").stdout


def test_deactivated_member_keeps_history_and_can_return(ikm, tmp_path):
    ikm("roster", "import", write(tmp_path, "r.csv", GOOD))
    result = ikm("roster", "deactivate", "0812 3456 7801")
    assert result.returncode == 0 and "dinonaktifkan" in result.stdout
    assert "3 orang." in ikm("roster", "list").stdout
    assert "[nonaktif]" in ikm("roster", "list", "--semua").stdout
    back = ikm("roster", "import", write(tmp_path, "r.csv", GOOD))
    assert "1 diaktifkan kembali" in back.stdout


def test_deactivating_an_unknown_number_says_so(ikm):
    result = ikm("roster", "deactivate", "0899 0000 0000")
    assert result.returncode == 1 and "tidak ada di daftar" in result.stderr


def test_the_roster_list_has_a_header_and_columns_that_line_up(ikm, tmp_path):
    ikm("roster", "import", write(tmp_path, "r.csv", GOOD))
    lines = ikm("roster", "list").stdout.splitlines()
    assert lines[0].split() == ["TELEPON", "PERAN", "BIDANG", "NAMA"]
    assert lines[-1] == "4 orang."
    name_column = lines[0].index("NAMA")
    names = {line[name_column:] for line in lines[1:-1]}
    assert names == {"Drs. Budi Santoso", "H. Ahmad Rizani", "Hj. Siti Aminah", "Rahmah, S.E."}
    assert all(line[name_column - 2 : name_column] == "  " for line in lines[1:-1]), lines
