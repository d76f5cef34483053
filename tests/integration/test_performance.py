"""The Pengukuran Kinerja: the bot's numbers first, imported years where it has none; the
workbook's formulas give the bot's capaian; /kinerja for the Sekretaris; `ikm kinerja`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.chat import texts
from bot.chat.recap import recap_wording
from bot.chat.render import Document, Message
from bot.chat.router import Router, help_text
from bot.telegram.channel import commands_for
from bot.whatsapp.channel import as_command
from ikm.cli.app import app
from survey.conversation.events import Answer, Skip, Start, Submit
from survey.indicators.history import import_history
from survey.indicators.performance import PerformanceService, performance_workbook
from survey.indicators.service import IndicatorService
from survey.people.model import Role
from tests.cli import run_ikm
from tests.integration.test_indicators import person
from tests.integration.test_indicators_overview import MEMBERS, seed
from tests.workbook_eval import evaluate

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
HISTORY = (
    "indikator;tahun;periode;nilai;pembilang;penyebut;responden;target\n"
    "IKU;2023;;84,15;;;24;85\n"
    "IKU;2024;Semester I;80;;;20;\n"
    "IKU;2024;Semester II;85,5;;;22;\n"
    "IKU;2026;;70;;;;\n"
    "IK1;2025;;;21;25;;80\n"
    "IK2;2025;Semester I;;3;4;;\n"
    "IK2;2025;Semester II;;5;6;;\n"
    "IK3;2026;;;;;;80\n"
)


async def survey_period(services, name: str, starts_on: date, score: int) -> None:
    """A closed period in which Ani, Budi and Cici answered `score` to every unsur."""
    await services.periods.open(name, version="dprd-6-v1", starts_on=starts_on)
    for member in await services.roster.people():
        if member.name in MEMBERS[:3]:
            await services.survey.handle(member.id, Start())
            for code in CODES:
                await services.survey.handle(member.id, Answer(code, score))
            await services.survey.handle(member.id, Skip())
            await services.survey.handle(member.id, Submit())
    await services.periods.close()


@pytest.fixture
async def performance(db, services, clock, tmp_path) -> PerformanceService:
    """The records of tests/integration/test_indicators_overview.py (today 27 November 2026),
    two survey periods of 2026, targets set in the bot, and a history file for 2023–2026."""
    await seed(db)
    await survey_period(services, "Semester I 2026", date(2026, 1, 5), 3)  # skor 75
    await survey_period(services, "Semester II 2026", date(2026, 7, 1), 4)  # skor 100
    indicators = IndicatorService(db, clock)
    for code, year, value in (("IKU", 2026, "85"), ("IK1", 2026, "30"), ("IK2", 2026, "90")):
        await indicators.set_target(code, year, value)
    await indicators.set_target("IKU", 2024, "82")
    path = tmp_path / "lkjip-lama.csv"
    path.write_text(HISTORY, encoding="utf-8")
    await import_history(db, path, clock=clock)
    return PerformanceService(indicators, min_responses=3)


def row_of(figure) -> tuple:
    return (figure.target, figure.realisation, figure.capaian, figure.status, figure.imported)


async def test_the_bots_own_year_comes_first_with_its_targets(performance):
    iku, ik1, ik2, ik3 = await performance.year(2026)
    # IKU: mean of 75 and 100 = 87.50 (the imported 70 gives way); 87.5/85 × 100 = 102.94…
    assert row_of(iku) == (Decimal(85), Decimal("87.50"), Decimal("102.94"), "Tercapai", False)
    assert iku.source == (
        "survei bot, rata-rata 2 periode: Semester I 2026 (3 responden), "
        "Semester II 2026 (3 responden)"
    )
    assert iku.records == 6
    # IK1 3/8 = 37.50 → 125.00; IK2 2/5 = 40.00 → 44.44; IK3 2/3 = 66.67, imported target 80:
    # 66.67/80 × 100 = 83.3375 exactly → 83.34 half-up
    assert row_of(ik1) == (Decimal(30), Decimal("37.50"), Decimal("125.00"), "Tercapai", False)
    assert row_of(ik2) == (
        Decimal(90),
        Decimal("40.00"),
        Decimal("44.44"),
        "Belum tercapai",
        False,
    )
    assert row_of(ik3) == (
        Decimal(80),
        Decimal("66.67"),
        Decimal("83.34"),
        "Belum tercapai",
        False,
    )
    assert ik3.source == (
        "catatan bot 1 Januari – 27 November 2026: 2 dari 3 rapat; "
        "target dari lkjip-lama.csv (impor)"
    )


async def test_imported_years_fill_the_trend(performance):
    trends = {t.code: t for t in await performance.trends()}
    assert [f.year for f in trends["IKU"].figures] == list(range(2021, 2027))
    # IKU 2023: 84.15/85 × 100 = 99.00
    assert row_of(trends["IKU"].year(2023)) == (
        Decimal(85),
        Decimal("84.15"),
        Decimal("99.00"),
        "Belum tercapai",
        True,
    )
    # IKU 2024: two imported semesters, mean (80 + 85.5)/2 = 82.75; the bot's target 82:
    # 82.75/82 × 100 = 100.914… → 100.91
    iku_2024 = trends["IKU"].year(2024)
    assert row_of(iku_2024) == (
        Decimal(82),
        Decimal("82.75"),
        Decimal("100.91"),
        "Tercapai",
        True,
    )
    assert (iku_2024.source, iku_2024.records) == (
        "lkjip-lama.csv: rata-rata Semester I, Semester II",
        42,
    )
    # IK1 2025: 21/25 = 84.00 against 80 → 105.00
    assert row_of(trends["IK1"].year(2025)) == (
        Decimal(80),
        Decimal("84.00"),
        Decimal("105.00"),
        "Tercapai",
        True,
    )
    # IK2 2025: semesters added, (3 + 5)/(4 + 6) = 80.00; no target: no capaian
    ik2_2025 = trends["IK2"].year(2025)
    assert row_of(ik2_2025) == (None, Decimal("80.00"), None, "Tidak ada data", True)
    assert ik2_2025.records == 10
    empty = trends["IK3"].year(2021)
    assert row_of(empty) == (None, None, None, "Tidak ada data", False)
    assert empty.source == "tidak ada data"


async def test_the_workbook_formulas_give_the_bots_capaian(performance, tmp_path):
    trends = await performance.trends()
    path = tmp_path / "kinerja-2026.xlsx"
    path.write_bytes(performance_workbook(trends, 2026))
    cells = evaluate(path)
    measure, trend = "PENGUKURAN KINERJA", "TREN 2021-2026"
    bot = [t.year(2026).capaian for t in trends]
    assert [cells[f"{measure}!F{row}"] for row in range(4, 8)] == [float(c) for c in bot]
    assert [cells[f"{measure}!F{row}"] for row in range(4, 8)] == [102.94, 125.0, 44.44, 83.34]
    assert [cells[f"{measure}!H{row}"] for row in range(4, 8)] == [
        "102,94",
        "125,00",
        "44,44",
        "83,34",
    ]
    # Trend rows: IKU 2–7, IK1 9–14, IK2 16–21, IK3 23–28 (2021…2026)
    assert (cells[f"{trend}!E4"], cells[f"{trend}!E5"]) == (99.0, 100.91)  # IKU 2023, 2024
    assert cells[f"{trend}!G4"] == "lkjip-lama.csv (impor)"
    assert cells[f"{trend}!E13"] == 105.0  # IK1 2025, imported
    assert (cells[f"{trend}!D20"], cells[f"{trend}!E20"]) == (80.0, "—")  # IK2 2025: no target
    assert (cells[f"{trend}!E23"], cells[f"{trend}!F23"]) == ("—", "Tidak ada data")  # IK3 2021
    for trend_ in trends:
        for figure in trend_.figures:
            assert figure.capaian is None or float(figure.capaian) in cells.values()
    assert not any(str(v).startswith("#") for v in cells.values())


@pytest.fixture
async def people(db, services, performance):
    ids = {
        "sekretaris": await person(db, "Sekretaris", role="sekretaris"),
        "kabid": await person(db, "Kabid Sidang", role="kabid", bidang="persidangan"),
    }
    return {key: await services.roster.get(i) for key, i in ids.items()}


async def test_kinerja_in_chat_is_for_the_sekretaris_with_the_workbook(
    services, clock, people, tmp_path
):
    router = Router(services)
    message, document = await router.text(people["sekretaris"], "/kinerja")
    assert isinstance(message, Message) and isinstance(document, Document)
    lines = message.text.splitlines()
    assert lines[0] == "Pengukuran Kinerja 2026 (IKU dan IK1–IK3):"
    assert lines[1] == (
        "IKU IKM pelayanan anggota Dewan: target 85,00 · realisasi 87,50 · capaian 102,94% · "
        "Tercapai"
    )
    assert lines[7] == (
        "IK3 Rapat Raperda sesuai standar: target 80,00 · realisasi 66,67 · capaian 83,34% · "
        "Belum tercapai"
    )
    assert document.filename == "kinerja-2026.xlsx"
    path = tmp_path / document.filename
    path.write_bytes(document.data)
    assert evaluate(path)["PENGUKURAN KINERJA!F4"] == 102.94
    earlier, _ = await router.text(people["sekretaris"], "/kinerja 2025")
    assert earlier.text.splitlines()[3] == (
        "IK1 Anggota ikut pelatihan: target 80,00 · realisasi 84,00 · capaian 105,00% · Tercapai"
    )
    assert earlier.text.splitlines()[4] == "   sumber: lkjip-lama.csv (impor)"
    assert [m.text for m in await router.text(people["kabid"], "/kinerja")] == [
        texts.ONLY_SEKRETARIS
    ]
    [refused] = await router.text(people["sekretaris"], "/kinerja 2030")
    assert refused.text == "Maaf, tahun 2030 di luar masa keputusan (2021–2026)."
    [bad] = await router.text(people["sekretaris"], "/kinerja tahun lalu")
    assert bad.text == "Maaf, tahun tidak dikenali: 'tahun lalu' (contoh: /kinerja 2025)."
    assert people["sekretaris"].role is Role.SEKRETARIS


def test_kinerja_is_on_the_sekretaris_menu_and_help_and_a_whatsapp_word(people):
    assert "kinerja" in [c.command for c in commands_for(Role.SEKRETARIS)]
    assert "kinerja" not in [c.command for c in commands_for(Role.KABID)]
    assert "/kinerja" in help_text(people["sekretaris"])
    assert "/kinerja" not in help_text(people["kabid"])
    assert as_command("Kinerja") == "/kinerja"


def test_ikm_kinerja_writes_the_workbook(database_url, tmp_cwd):
    env = {"IKM_DATABASE_URL": database_url, "IKM_TIMEZONE": "Asia/Makassar"}
    (tmp_cwd / "riwayat.csv").write_text(HISTORY, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["riwayat", "impor", "riwayat.csv"], env=env).exit_code == 0
    done = runner.invoke(app, ["kinerja", "--tahun", "2025", "--out", "k.xlsx"], env=env)
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert lines[0] == "Pengukuran Kinerja 2025 (IKU dan IK1–IK3):"
    assert lines[1] == "IKU IKM pelayanan anggota Dewan: target — · realisasi — · capaian — · " + (
        "Tidak ada data"
    )
    assert lines[2] == "   sumber: tidak ada data"
    assert lines[-1] == (
        "Berkas ditulis: k.xlsx (lembar Pengukuran Kinerja, Tren 2021-2026, Sumber Data)."
    )
    cells = evaluate(Path(tmp_cwd / "k.xlsx"))
    assert [cells[f"PENGUKURAN KINERJA!F{row}"] for row in range(4, 8)] == [
        "—",
        105.0,
        "—",
        "—",
    ]
    assert (Path(tmp_cwd / "k.xlsx").stat().st_mode & 0o777) == 0o600
    wrong = run_ikm("kinerja", "--tahun", "2020", database_url=database_url, cwd=tmp_cwd)
    assert wrong.returncode == 1
    assert wrong.stderr.strip().endswith("tahun 2020 di luar masa keputusan (2021–2026)")
    assert "Traceback" not in wrong.stderr


@pytest.mark.zones
async def test_indikator_and_the_recap_compare_with_last_year_from_the_history(
    db, services, clock, people, tmp_path
):
    path = tmp_path / "lkjip-2025.csv"
    path.write_text('indikator,tahun,nilai\nIKU,2025,"86,25"\n', encoding="utf-8")
    await import_history(db, path, clock=clock)
    router = Router(services)
    [answer] = await router.text(people["sekretaris"], "/indikator")
    blocks = answer.text.split("\n\n")
    # the latest period, Semester II 2026, scored 100.00: 100.00 − 86.25 = 13.75
    assert blocks[1] == (
        "IKU IKM pelayanan anggota Dewan: 100,00 (A, Sangat Baik), periode Semester II 2026 · "
        "Target 2026: 85,00 — tercapai · sejak tahun 2025 naik 13,75 poin (dari 86,25, impor)"
    )
    # IK1 37.50 against 2025's imported 84.00; IK2 40.00 against 80.00 (two semesters added)
    assert blocks[2].splitlines()[1] == (
        "Target 2026: 30,00% — tercapai · sejak bulan lalu naik 12,50 poin (dari 25,00%) · "
        "sejak tahun 2025 turun 46,50 poin (dari 84,00%, impor)"
    )
    assert "sejak tahun 2025 turun 40,00 poin (dari 80,00%, impor)" in blocks[3]
    assert "sejak tahun" not in blocks[4]  # IK3: nothing known of 2025
    recap = await recap_wording(services)(people["kabid"], date(2026, 11, 1))
    assert "sejak tahun 2025 turun 46,50 poin (dari 84,00%, impor)" in recap
    [january_2025] = await router.text(people["sekretaris"], "/indikator 2025-01")
    assert "sejak tahun" not in january_2025.text.split("\n\n", 2)[2]  # 2024: no IK history
