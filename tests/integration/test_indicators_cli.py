"""`indicator_app` through typer's runner: show a range, set and list targets, one-line errors."""

from __future__ import annotations

import asyncio

import pytest
from typer.testing import CliRunner

from ikm.cli.indicators import indicator_app
from ikm.db import Database
from tests.integration.test_indicators_overview import seed


def invoke(database_url: str, *args: str):
    env = {"IKM_DATABASE_URL": database_url, "IKM_TIMEZONE": "Asia/Makassar"}
    return CliRunner().invoke(indicator_app, list(args), env=env)


@pytest.fixture
def seeded(database_url: str, tmp_cwd) -> str:
    async def fill() -> None:
        db = Database.from_url(database_url)
        try:
            await seed(db)
        finally:
            await db.dispose()

    asyncio.run(fill())
    return database_url


def test_show_a_month_prints_the_bot_s_text(seeded):
    shown = invoke(seeded, "show", "--bulan", "2026-10")
    assert shown.exit_code == 0, shown.output
    blocks = shown.output.strip().split("\n\n")
    assert blocks[0] == "Capaian indikator Oktober 2026"
    assert blocks[1] == (
        "IKU IKM pelayanan anggota Dewan: tidak ada periode survei yang ditutup pada Oktober 2026"
    )
    assert blocks[2].startswith("IK1 Anggota ikut pelatihan: 0,00% (0 dari 7 anggota)")
    assert blocks[3].startswith("IK2 Laporan pelaksanaan tugas: 50,00% (1 dari 2 tugas)")
    assert blocks[4].startswith("IK3 Rapat Raperda sesuai standar: 50,00% (1 dari 2 rapat)")
    same = invoke(seeded, "show", "--dari", "2026-10-01", "--sampai", "31/10/2026")
    assert same.output == shown.output


def test_show_a_year_and_the_default_year_to_date(seeded):
    year = invoke(seeded, "show", "--tahun", "2025")
    assert year.exit_code == 0, year.output
    assert year.output.startswith("Capaian indikator tahun 2025\n")
    assert "tidak dapat dihitung (belum ada rencana tugas yang jatuh tempo)" in year.output
    assert (
        "IKU IKM pelayanan anggota Dewan: tidak ada periode survei yang ditutup pada tahun "
        "2025" in year.output
    )
    default = invoke(seeded, "show")
    assert default.exit_code == 0 and default.output.startswith("Capaian indikator 1 Januari – ")


def test_targets_are_set_and_listed(seeded):
    assert invoke(seeded, "target", "set", "ik1", "2026", "80").output == (
        "Target IK1 tahun 2026: 80,00%.\n"
    )
    assert invoke(seeded, "target", "set", "IKU", "2026", "88,31").output == (
        "Target IKU tahun 2026: 88,31 (skor IKM).\n"
    )
    listed = invoke(seeded, "target", "list", "2026")
    assert listed.exit_code == 0
    lines = [" ".join(line.split()) for line in listed.output.splitlines()]
    assert lines == [
        "Target tahun 2026:",
        "IKU 88,31 (skor IKM) IKM pelayanan anggota Dewan",
        "IK1 80,00% Anggota ikut pelatihan",
        "IK2 target belum ditetapkan Laporan pelaksanaan tugas",
        "IK3 target belum ditetapkan Rapat Raperda sesuai standar",
    ]
    shown = invoke(seeded, "show", "--bulan", "2026-10").output
    assert "Target 2026: 80,00% — belum tercapai" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("target", "set", "IK1", "2030", "80"), "tahun 2030 di luar masa keputusan (2021–2026)"),
        (("target", "set", "IK2", "2026", "101"), "target IK2 harus antara 0 dan 100, bukan 101"),
        (("target", "set", "IK7", "2026", "50"), "indikator 'IK7' tidak dikenal"),
        (("show", "--bulan", "2026-10", "--tahun", "2026"), "pilih salah satu"),
        (("show", "--sampai", "2026-10-01"), "--sampai perlu --dari"),
        (("show", "--bulan", "Oktobr"), "bulan tidak dikenali"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(seeded, args, message):
    result = invoke(seeded, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Gagal: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not result.stdout
