"""`ikm riwayat`: past results imported all or nothing, marked as imported, bot data first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ikm.cli.history import history_app
from survey.indicators.history import history, import_history
from survey.records.importing.file import RecordFileError

GOOD = (
    "indikator;tahun;periode;nilai;pembilang;penyebut;responden;nrr waktu;nrr sarana;target\n"
    "IKU;2023;;85,20;;;24;3,41;3,38;85\n"
    "IK1;2023;;;21;25;;;;80\n"
    "ik2;2024;Semester I;;2;3;;;;\n"
    "IK3;2025;;;;;;;;90,5\n"
)


def write(folder: Path, text: str, name: str = "riwayat.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_valid_file_is_stored_with_its_counts_and_marked_imported(db, clock, tmp_path):
    report = await import_history(db, write(tmp_path, GOOD), clock=clock)
    assert (report.stored, report.warnings) == (4, ())
    entries = {(e.code, e.year, e.period): e for e in await history(db)}
    iku = entries[("IKU", 2023, "")]
    assert (iku.value, iku.respondents, iku.target) == (Decimal("85.20"), 24, Decimal(85))
    assert iku.nrr == {"waktu": Decimal("3.41"), "sarana": Decimal("3.38")}
    assert (iku.source, iku.imported_at) == ("riwayat.csv", clock.now)
    # IK1 from its counts: 21/25 × 100 = 84; IK2: 2/3 × 100 = 66.666… → 66.67
    assert entries[("IK1", 2023, "")].value == Decimal("84.00")
    assert (
        entries[("IK2", 2024, "Semester I")].value,
        entries[("IK2", 2024, "Semester I")].numerator,
    ) == (
        Decimal("66.67"),
        2,
    )
    ik3 = entries[("IK3", 2025, "")]
    assert (ik3.value, ik3.target) == (None, Decimal("90.5"))


async def test_a_reimport_replaces_the_same_year_and_period(db, clock, tmp_path):
    await import_history(db, write(tmp_path, GOOD), clock=clock)
    await import_history(db, write(tmp_path, "indikator,tahun,nilai\nIKU,2023,87.5\n", "b.csv"))
    entries = {(e.code, e.year, e.period): e for e in await history(db)}
    assert len(entries) == 4
    assert (entries[("IKU", 2023, "")].value, entries[("IKU", 2023, "")].source) == (
        Decimal("87.5"),
        "b.csv",
    )
    assert entries[("IKU", 2023, "")].respondents is None


async def test_every_bad_row_is_named_and_nothing_is_stored(db, clock, tmp_path):
    bad = GOOD + (
        "IK4;2023;;50;;;;;;\n"
        "IK1;2019;;50;;;;;;\n"
        "IKU;2024;;3,66;;;;;;\n"
        "IK2;2024;;;5;4;;;;\n"
        "IK1;2023;;90;;;;;;\n"
        "IK3;2024;;71;7;10;;;;\n"
        "IK1;2024;;;;;30;;;\n"
    )
    with pytest.raises(RecordFileError) as refused:
        await import_history(db, write(tmp_path, bad), clock=clock)
    assert str(refused.value).splitlines() == [
        "baris 6: indikator 'IK4' tidak dikenal (IKU, IK1, IK2, IK3)",
        "baris 7: tahun '2019' tidak sah (tahun 2021–2026)",
        "baris 8: nilai IKU harus antara 25 dan 100, bukan 3,66 (tulis nilai konversi IKM × 25)",
        "baris 8: isi nilai (atau pembilang dan penyebut) atau target",
        "baris 9: pembilang 5 lebih besar dari penyebut 4",
        "baris 9: isi nilai (atau pembilang dan penyebut) atau target",
        "baris 10: IK1 2023 sudah ada di baris 3",
        "baris 11: nilai 71 tidak sama dengan 7/10 × 100 = 70,00",
        "baris 12: responden dan NRR hanya untuk IKU, bukan IK1",
        "baris 12: isi nilai (atau pembilang dan penyebut) atau target",
    ]
    assert await history(db) == []


async def test_a_year_the_bot_counts_itself_is_warned(db, clock, services, tmp_path):
    await services.periods.open("Semester I 2026", version="dprd-6-v1", starts_on=date(2026, 1, 5))
    await services.records.plan_meeting("cli", agenda="Raperda APBD", planned_on=date(2025, 3, 2))
    text = "indikator,tahun,nilai\nIKU,2026,88\nIK3,2025,100\nIK3,2024,90\n"
    report = await import_history(db, write(tmp_path, text), clock=clock)
    assert report.warnings == (
        "Peringatan: IKU 2026 (baris 2): bot sudah punya data sendiri (periode survei "
        "'Semester I 2026'); nilai bot yang dipakai, nilai impor disimpan sebagai riwayat.",
        "Peringatan: IK3 2025 (baris 3): bot sudah punya data sendiri (1 catatan rapat "
        "Raperda); nilai bot yang dipakai, nilai impor disimpan sebagai riwayat.",
    )
    assert report.stored == 3


def test_the_commands_import_and_list(database_url, tmp_cwd):
    env = {"IKM_DATABASE_URL": database_url, "IKM_TIMEZONE": "Asia/Makassar"}
    write(tmp_cwd, GOOD)
    done = CliRunner().invoke(history_app, ["impor", "riwayat.csv"], env=env)
    assert done.exit_code == 0, done.output
    assert "Diimpor: 4 baris riwayat dari riwayat.csv (ditandai impor)." in done.output
    listed = CliRunner().invoke(history_app, ["list"], env=env).output.splitlines()
    assert len(listed) == 4
    assert listed[0].startswith(
        "IK1 2023: 84,00% (21/25) · target 80,00% · impor dari riwayat.csv, "
    )
    assert listed[1].startswith("IK2 2024 (Semester I): 66,67% (2/3) · impor dari riwayat.csv")
    assert listed[3].startswith(
        "IKU 2023: 85,20 · 24 responden · NRR waktu 3,41, sarana 3,38 · target 85,00 · impor"
    )
    write(tmp_cwd, "indikator,tahun,nilai\nIKU,2030,88\n")
    bad = CliRunner().invoke(history_app, ["impor", "riwayat.csv"], env=env)
    assert bad.exit_code == 1
