"""`ikm records list`, `hapus` and `ubah`: a wrong import seen, corrected or removed, each
change in the audit log."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from ikm.cli.app import app

ROSTER = (
    "nama,telepon,peran,bidang\n"
    "H. Ahmad Rizani,081200000101,anggota,\n"
    "Hj. Siti Aminah,081200000102,anggota,\n"
)
TRAININGS = (
    "pelatihan;mulai;selesai;penyelenggara;anggota\n"
    "Bimtek Legislasi;2025-03-10;2025-03-12;BPSDM Kalsel;H. Ahmad Rizani\n"
    "Bimtek Legislasi;2025-03-10;2025-03-12;BPSDM Kalsel;Hj. Siti Aminah\n"
    "Orientasi;2024-11-04;2024-11-04;;H. Ahmad Rizani\n"
)
TASKS = (
    "tugas;jenis;bidang;jatuh_tempo;laporan_diterima;penerima\n"
    "Kunker Banjarmasin;kunjungan kerja;persidangan;2025-02-10;2025-02-12;Rahmah\n"
    "Reses I;reses;fasilitasi;2025-05-20;;\n"
)
MEETINGS = "agenda;rencana;dilaksanakan;sesuai_standar;catatan\nRaperda Pajak;2025-03-02;;;\n"


def ikm(database_url: str, *args: str):
    env = {"IKM_DATABASE_URL": database_url, "IKM_TIMEZONE": "Asia/Makassar"}
    return CliRunner().invoke(app, list(args), env=env)


def imported(database_url: str, tmp_cwd) -> None:
    for name, text in (
        ("roster.csv", ROSTER),
        ("pelatihan.csv", TRAININGS),
        ("tugas.csv", TASKS),
        ("rapat.csv", MEETINGS),
    ):
        (tmp_cwd / name).write_text(text, encoding="utf-8")
    assert ikm(database_url, "roster", "import", "roster.csv").exit_code == 0
    for kind in ("pelatihan", "tugas", "rapat"):
        done = ikm(database_url, "records", "import", f"{kind}.csv", "--jenis", kind)
        assert done.exit_code == 0, done.output


def number(listing: str, text: str) -> str:
    line = next(line for line in listing.splitlines() if text in line)
    found = re.match(r"([PTR]\d+) ", line)
    assert found is not None, line
    return found[1]


def test_list_shows_each_kind_in_its_range_with_numbers_and_aligned_columns(database_url, tmp_cwd):
    imported(database_url, tmp_cwd)
    shown = ikm(database_url, "records", "list", "--jenis", "pelatihan", "--tahun", "2025")
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0] == "Catatan pelatihan, tahun 2025:"
    assert lines[1].split() == [
        "NOMOR",
        "PELATIHAN",
        "MULAI",
        "SELESAI",
        "PENYELENGGARA",
        "PESERTA",
    ]
    assert re.fullmatch(
        r"P\d+ +Bimtek Legislasi +10 Maret 2025 +12 Maret 2025 +BPSDM Kalsel +2", lines[2]
    )
    assert lines[1].index("MULAI") == lines[2].index("10 Maret")
    assert "Orientasi" not in shown.output  # 2024
    tasks = ikm(database_url, "records", "list", "--jenis", "tugas", "--dari", "2025-01-01")
    assert re.search(r"T\d+ +Kunker Banjarmasin .* 12 Februari 2025 \(Rahmah\)", tasks.output)
    assert re.search(r"T\d+ +Reses I +reses +fasilitasi +20 Mei 2025 +belum$", tasks.output, re.M)
    empty = ikm(database_url, "records", "list", "--jenis", "rapat", "--bulan", "2025-04")
    assert "Tidak ada catatan rapat dalam rentang itu." in empty.output


def test_hapus_takes_a_training_with_its_attendees_and_logs_each_row(database_url, tmp_cwd):
    imported(database_url, tmp_cwd)
    listing = ikm(database_url, "records", "list", "--jenis", "pelatihan", "--tahun", "2025")
    bimtek = number(listing.output, "Bimtek Legislasi")
    gone = ikm(database_url, "records", "hapus", bimtek.lower())
    assert gone.exit_code == 0, gone.output
    assert f"Catatan {bimtek} dihapus (3 baris" in gone.output
    after = ikm(database_url, "records", "list", "--jenis", "pelatihan", "--tahun", "2025")
    assert "Bimtek" not in after.output
    log = ikm(database_url, "records", "log", "--jumlah", "3").output
    assert log.count("cli  hapus kehadiran") == 2 and "cli  hapus pelatihan" in log
    again = ikm(database_url, "records", "hapus", bimtek)
    assert again.exit_code == 1 and str(again.exception) == f"catatan {bimtek} tidak ada"
    bad = ikm(database_url, "records", "hapus", "12")
    assert bad.exit_code == 1 and "nomor catatan tidak dikenal: '12'" in str(bad.exception)


def test_ubah_corrects_under_the_rules_of_a_new_record_and_is_logged(database_url, tmp_cwd):
    imported(database_url, tmp_cwd)
    tasks = ikm(database_url, "records", "list", "--jenis", "tugas", "--tahun", "2025").output
    reses = number(tasks, "Reses I")
    changed = ikm(
        database_url,
        "records",
        "ubah",
        reses,
        "laporan_diterima=2025-05-22",
        "penerima=Rahmah",
        "bidang=Bidang Persidangan dan Perundang-Undangan",
    )
    assert changed.exit_code == 0, changed.output
    assert f"Catatan {reses} diubah." in changed.output
    tasks = ikm(database_url, "records", "list", "--jenis", "tugas", "--tahun", "2025").output
    assert re.search(r"Reses I +reses +persidangan +20 Mei 2025 +22 Mei 2025 \(Rahmah\)", tasks)
    log = ikm(database_url, "records", "log", "--jumlah", "2").output
    assert "tambah laporan" in log and "bidang: fasilitasi → persidangan" in log
    refused = [
        (("bidang=Keuangan",), "bidang tidak dikenal"),
        (("laporan_diterima=2027-01-15",), "sesudah hari ini"),
        (("warna=merah",), "kolom warna tidak ada pada tugas"),
        (("tanpa-sama-dengan",), "bukan KOLOM=NILAI"),
    ]
    for args, reason in refused:
        bad = ikm(database_url, "records", "ubah", reses, *args)
        assert bad.exit_code == 1 and reason in str(bad.exception), (args, bad.output)
    meetings = ikm(database_url, "records", "list", "--jenis", "rapat", "--tahun", "2025").output
    rapat = number(meetings, "Raperda Pajak")
    held = ikm(database_url, "records", "ubah", rapat, "dilaksanakan=2026-01-05")
    assert held.exit_code == 1 and "di luar tahun rencana 2025" in str(held.exception)
    held = ikm(
        database_url, "records", "ubah", rapat, "dilaksanakan=4/3/2025", "sesuai_standar=tidak"
    )
    assert held.exit_code == 1 and "minimal satu butir" in str(held.exception)
    held = ikm(
        database_url,
        "records",
        "ubah",
        rapat,
        "dilaksanakan=4/3/2025",
        "sesuai_standar=tidak",
        "catatan=Notulen",
    )
    assert held.exit_code == 0, held.output
    meetings = ikm(database_url, "records", "list", "--jenis", "rapat", "--tahun", "2025").output
    assert re.search(r"Raperda Pajak +2 Maret 2025 +4 Maret 2025 +tidak$", meetings, re.M)
    same = ikm(database_url, "records", "ubah", rapat, "agenda=Raperda  Pajak")
    assert f"Catatan {rapat} sudah begitu." in same.output
