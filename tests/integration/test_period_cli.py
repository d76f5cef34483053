"""`ikm period …` end to end: one open period at a time, frozen questionnaire, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ikm.cli.app import app
from tests.cli import run_ikm


@pytest.fixture
def ikm(database_url: str, tmp_path: Path):
    def call(*args: str, env: dict[str, str] | None = None):
        return run_ikm(*args, database_url=database_url, cwd=tmp_path, env=env)

    return call


def test_open_list_close(ikm):
    opened = ikm(
        "period", "open", "Semester II 2026", "--mulai", "1 Juli 2026", "--selesai", "31/12/2099"
    )
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout == (
        "Periode 'Semester II 2026' dibuka mulai 1 Juli 2026 sampai akhir 31 Desember 2099 "
        "(WITA) dengan kuesioner dprd-6-v1.\n"
    )
    listing = ikm("period", "list")
    assert "Semester II 2026" in listing.stdout and "TERBUKA" in listing.stdout
    assert "31 Desember 2099" in listing.stdout
    closed = ikm("period", "close")
    assert closed.returncode == 0 and "ditutup" in closed.stdout
    assert "TERBUKA" not in ikm("period", "list").stdout


def test_the_last_day_is_named_in_ikm_timezone(database_url, tmp_cwd):
    args = ["period", "open", "Uji", "--mulai", "2099-06-01", "--selesai", "2099-12-31"]
    env = {"IKM_DATABASE_URL": database_url, "IKM_TIMEZONE": "Asia/Jakarta"}
    opened = CliRunner().invoke(app, args, env=env)  # in process: the wording is the point
    assert opened.exit_code == 0, opened.output
    assert "sampai akhir 31 Desember 2099 (WIB) dengan" in opened.output


def test_a_period_starting_later_is_scheduled_and_one_already_over_is_refused(ikm):
    scheduled = ikm("period", "open", "Uji", "--mulai", "2099-06-01")
    assert scheduled.returncode == 0, scheduled.stderr
    assert scheduled.stdout.startswith("Periode 'Uji' dijadwalkan: dibuka mulai 1 Juni 2099 ")
    assert "TERJADWAL" in ikm("period", "list").stdout
    assert ikm("period", "close").returncode == 0
    over = ikm("period", "open", "Lama", "--mulai", "2020-01-01", "--selesai", "2020-06-30")
    assert over.returncode == 1
    assert over.stderr.startswith("Gagal: tanggal selesai 30 Juni 2020 sudah lewat (hari ini ")


def test_a_second_open_period_is_refused(ikm):
    ikm("period", "open", "Semester I 2026", "--mulai", "2026-01-01")
    second = ikm("period", "open", "Semester II 2026")
    assert second.returncode == 1
    assert "masih terbuka" in second.stderr and "Traceback" not in second.stderr


def test_period_freezes_its_questionnaire_version(ikm):
    nine = {"IKM_QUESTIONNAIRE": "permenpanrb-9-v1"}
    ikm("period", "open", "Uji 9 unsur", env=nine)
    assert "permenpanrb-9-v1" in ikm("period", "list").stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("period", "open", "X", "--mulai", "31-31-2026"), "tanggal tidak dikenali"),
        (
            ("period", "open", "X", "--mulai", "2026-02-01", "--selesai", "2026-01-01"),
            "tanggal selesai tidak boleh sebelum",
        ),
        (("period", "close"), "tidak ada periode yang sedang terbuka"),
    ],
)
def test_bad_period_input_gets_a_clear_message(ikm, args, expected):
    result = ikm(*args)
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_reused_name_is_refused(ikm):
    ikm("period", "open", "Tahun 2026")
    ikm("period", "close")
    again = ikm("period", "open", "Tahun 2026")
    assert again.returncode == 1 and "sudah dipakai" in again.stderr


def test_bad_setting_names_the_variable_without_a_traceback(ikm):
    result = ikm("period", "list", env={"IKM_MIN_RESPONSES": "nol"})
    assert result.returncode == 1
    assert "IKM_MIN_RESPONSES" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_database_is_one_line_without_the_password(tmp_path):
    url = "postgresql://ikm:rahasia-sekali@127.0.0.1:1/none"
    result = run_ikm("period", "list", database_url=url, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "rahasia-sekali" not in result.stderr
    assert result.stderr.startswith("Gagal: kesalahan tak terduga")


def test_the_period_list_has_a_header_and_columns_that_line_up(ikm):
    assert ikm("period", "open", "Semester I 2026", "--mulai", "2026-01-01").returncode == 0
    assert ikm("period", "close").returncode == 0
    assert ikm("period", "open", "Triwulan IV 2026 (ulang)").returncode == 0
    lines = ikm("period", "list").stdout.splitlines()
    assert lines[0].split() == ["NAMA", "MULAI", "SELESAI", "STATUS", "MENGISI", "KUESIONER"]
    status = lines[0].index("STATUS")
    assert [line[status:].split()[0] for line in lines[1:]] in (
        ["ditutup", "TERBUKA"],
        ["TERBUKA", "ditutup"],
    ), lines
