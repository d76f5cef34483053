"""The console channel as a newcomer meets it: `ikm run` on an empty database, through pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
from sqlalchemy import create_engine, text

from tests.cli import spawn_ikm
from tests.e2e.console_process import ConsoleProcess


def test_newcomer_answers_six_questions_as_a_demo_member(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    lines = "/survei\n1\n2\n3\n4\n3\n2\nAC ruang rapat sering mati\n1\n"
    result = spawn_ikm("run", database_url=url, cwd=tmp_path, stdin=lines)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "roster DEMO" in out and "Anggota Demo 1 (DEMO)" in out
    assert out.count("Pertanyaan ") == 6 and "Pertanyaan 6 dari 6" in out
    assert "Ringkasan jawaban" in out and "Saran: AC ruang rapat sering mati" in out
    assert "Terima kasih" in out
    engine = create_engine(url)
    with engine.connect() as conn:  # one response alone waits, sealed, for k - 1 more
        (sealed,) = conn.execute(text("SELECT answers FROM sealed_response")).scalars()
        assert conn.execute(text("SELECT count(*) FROM response")).scalar_one() == 0
    assert json.loads(sealed) == {
        "prosedur": 1,
        "waktu": 2,
        "produk": 3,
        "kompetensi": 4,
        "perilaku": 3,
        "sarana": 2,
    }


def test_end_of_input_ends_with_exit_zero(tmp_path: Path):
    result = spawn_ikm("run", database_url=f"sqlite:///{tmp_path / 'x.db'}", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""


def test_switching_person_and_typed_mistakes(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    lines = "/bantuan\n/sebagai Sekretaris\n/survei\n/sebagai 99\n/sebagai Anggota Demo 2\n"
    lines += "/survei\nbagus sekali\n7\n/foo\n"
    result = spawn_ikm("run", database_url=url, cwd=tmp_path, stdin=lines)
    out = result.stdout
    assert "/sebagai" in out and "Anda bertindak sebagai: Sekretaris Demo (DEMO)" in out
    assert "hanya untuk anggota DPRD" in out
    assert "Tidak ditemukan di roster: '99'" in out
    assert "Anda bertindak sebagai: Anggota Demo 2 (DEMO)" in out
    assert out.count("Silakan pilih salah satu jawaban, atau ketik angka 1–4.") == 2
    assert "Perintah tidak dikenal" in out


def test_kill_9_mid_survey_loses_nothing_and_resumes_at_the_same_question(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    first = ConsoleProcess(url, tmp_path)
    first.wait_for("Anda bertindak sebagai")
    first.send("/survei")
    first.wait_for("Pertanyaan 1 dari 6")
    first.send("2")
    first.wait_for("Pertanyaan 2 dari 6")
    first.send("4")
    first.wait_for("Pertanyaan 3 dari 6")
    first.kill9()

    second = ConsoleProcess(url, tmp_path)
    resumed = second.wait_for("Pertanyaan 3 dari 6")
    assert "Melanjutkan survei" in resumed
    second.send("5")
    previous = second.wait_for("Pertanyaan 2 dari 6")
    assert "Pertanyaan 2 dari 6" in previous
    second.wait_for("(jawaban sebelumnya: Sangat cepat)")
    for _ in range(5):
        second.send("3")
    second.wait_for("Kritik dan saran")
    second.send("Lewati")
    review = second.wait_for("Periksa kembali")
    assert "Sistem, Mekanisme, dan Prosedur: Kurang mudah" in review
    assert "Waktu Penyelesaian: Cepat" in review
    second.send("1")
    second.wait_for("Terima kasih")
    code, err = second.finish()
    assert code == 0, err


def test_ikm_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "ikm", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for word in ("run", "roster", "period", "db", "score"):
        assert word in result.stdout


def test_ikm_score_help_comes_from_its_own_parser():
    result = subprocess.run(
        [sys.executable, "-m", "ikm", "score", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "Penggunaan: ikm score" in result.stdout and "--bobot BOBOT" in result.stdout


def test_ikm_is_for_kabid_and_sekretaris_only(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    lines = "/ikm\n/sebagai Sekretaris\n/bantuan\n/ikm\n/ikm Tahun 1999\n/sebagai Staf\n/ikm\n"
    result = spawn_ikm("run", database_url=url, cwd=tmp_path, stdin=lines)
    out = result.stdout
    assert out.count("hanya untuk Kepala Bidang dan Sekretaris DPRD") == 2
    assert "/ikm — nilai IKM periode berjalan" in out
    assert "baru 0 anggota mengisi, perlu 3 lagi (minimal 3)" in out
    assert "Maaf, periode 'Tahun 1999' tidak ditemukan." in out


def test_ekspor_writes_the_report_for_the_sekretaris_only(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    survey = "/survei\n3\n4\n3\n3\n4\n2\n{saran}\n1\n"
    lines = survey.format(saran="Ruang fraksi perlu printer")
    lines += "/sebagai Sekretaris\n/ekspor\n/sebagai Anggota Demo 2\n" + survey.format(
        saran="Lewati"
    )
    lines += "/sebagai Anggota Demo 3\n" + survey.format(saran="Lewati")
    lines += "/sebagai Staf\n/ekspor\n/sebagai Sekretaris\n/bantuan\n/ekspor Tahun 1999\n/ekspor\n"
    result = spawn_ikm("run", database_url=url, cwd=tmp_path, stdin=lines)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("Terima kasih, Bapak/Ibu") == 3
    assert "belum dapat dibuat: baru 1 anggota mengisi, perlu 2 lagi (minimal 3)" in out
    assert out.count("hanya untuk Kepala Bidang dan Sekretaris DPRD") == 1
    assert "/ekspor — laporan IKM" in out
    assert "Maaf, periode 'Tahun 1999' tidak ditemukan." in out
    [workbook] = (tmp_path / "ekspor").glob("ikm-demo-*.xlsx")
    assert f"• ekspor/{workbook.name} — rekap dengan rumus" in out
    assert f"• ekspor/{workbook.stem}.png — grafik NRR per unsur" in out
    assert workbook.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
    book = openpyxl.load_workbook(workbook)
    assert book["Data"].max_row == 4 and book["Data"]["A4"].value == "R3"
    assert book["Saran"]["B2"].value == "Ruang fraksi perlu printer"
    assert dict(book["Info"].iter_rows(values_only=True))["Jumlah responden"] == 3
