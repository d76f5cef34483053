"""The IKM report of a stored period: `period_sheet` and `ikm report` end to end."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from scoring.numbers import round_half_up
from survey.conversation.events import Answer, SaranText, Skip, Start, Submit
from survey.ports import DomainError
from survey.services import Services
from tests.cli import run_ikm
from tests.integration.helpers import members, open_period
from tests.workbook_eval import evaluate

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
SHEET = [(3, 4, 2, 3, 4, 1), (4, 4, 3, 3, 4, 2), (2, 3, 3, 4, 4, 3), (4, 4, 4, 4, 4, 4)]
SARAN = {0: "AC ruang rapat sering mati", 2: "  Bahan rapat agar dikirim H-1  "}


async def submit(services: Services, person_id: int, values, saran: str | None) -> None:
    await services.survey.handle(person_id, Start())
    for code, value in zip(CODES, values, strict=True):
        await services.survey.handle(person_id, Answer(code, value))
    await services.survey.handle(person_id, SaranText(saran) if saran else Skip())
    assert (await services.survey.handle(person_id, Submit()))[0].note.value == "thanks"


async def seed(services: Services, count: int = 4) -> None:
    """`count` members submit; with four, the period is closed so that the fourth, sealed
    after the first batch of three was released, is released too."""
    people = await members(services, 4)
    await open_period(services)
    for index, (person, values) in enumerate(zip(people[:count], SHEET, strict=False)):
        await submit(services, person.id, values, SARAN.get(index))
    if count == 4:
        await services.periods.close()


def sheet_saran() -> list[str]:
    return [s.strip() for s in SARAN.values()]


async def answers_by_response_id(db) -> list[dict[str, int]]:
    """The stored answers grouped per response, in response id order."""
    async with db.transaction() as session:
        rows = await session.exec(text("SELECT response_id, element, value FROM response_answer"))
        grouped: dict[str, dict[str, int]] = {}
        for response_id, element, value in rows:
            grouped.setdefault(response_id, {})[element] = value
    return [grouped[key] for key in sorted(grouped)]


async def test_sheet_holds_the_answers_by_response_id_with_the_result(services, db):
    await seed(services)
    sheet = await services.results.period_sheet(None)
    assert sheet.period.name == "Semester II 2026" and sheet.respondents == 4
    assert [code for code, _ in sheet.elements] == list(CODES)
    assert dict(sheet.elements)["sarana"] == "Sarana dan Prasarana"
    assert sorted(tuple(r[c] for c in CODES) for r in sheet.rows) == sorted(SHEET)
    assert sorted(sheet.saran) == sorted(sheet_saran())
    assert sheet.result == await services.results.period_result()
    assert list(sheet.rows) == await answers_by_response_id(db)  # by the random id


async def test_sheet_is_refused_below_the_minimum_and_for_an_unknown_period(services):
    await seed(services, count=2)
    with pytest.raises(DomainError, match="baru 2 anggota mengisi, perlu 1 lagi \\(minimal 3\\)"):
        await services.results.period_sheet("semester ii 2026")
    with pytest.raises(DomainError, match="'Tahun 1999' tidak ditemukan"):
        await services.results.period_sheet("Tahun 1999")


async def test_ikm_report_writes_a_workbook_and_a_chart(services, database_url, tmp_path: Path):
    await seed(services)
    out, chart = tmp_path / "laporan.xlsx", tmp_path / "grafik.png"
    args = ("report", "--period", "Semester II 2026", "--out", str(out), "--grafik", str(chart))
    result = run_ikm(*args, database_url=database_url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "IKM periode Semester II 2026: 83,33 (B, Baik) dari 4 responden." in result.stdout
    assert (
        f"Laporan ditulis: {out}" in result.stdout and f"Grafik ditulis: {chart}" in result.stdout
    )
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (out.stat().st_mode & 0o777, chart.stat().st_mode & 0o777) == (0o600, 0o600)
    book = openpyxl.load_workbook(out)
    assert book["Data"].max_row == 5 and book["Data"]["A5"].value == "R4"
    assert {book["Saran"]["B2"].value, book["Saran"]["B3"].value} == set(sheet_saran())
    values = evaluate(out)
    exact = (await services.results.period_result()).result
    assert round_half_up(Fraction(values["REKAP!B12"]), 2) == exact.score_display
    assert (values["REKAP!B13"], values["REKAP!B14"]) == ("B", "Baik")


async def test_ikm_report_without_chart_defaults_to_the_open_period(
    services, database_url, tmp_path
):
    await seed(services, count=3)
    out = tmp_path / "r.xlsx"
    result = run_ikm("report", "--out", str(out), database_url=database_url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Grafik" not in result.stdout and out.exists()


@pytest.mark.parametrize(
    ("count", "args", "expected"),
    [
        (2, (), "laporan periode Semester II 2026 belum dapat dibuat: baru 2 anggota mengisi"),
        (3, ("--period", "Tahun 1999"), "periode 'Tahun 1999' tidak ditemukan"),
        (3, ("--out", "/tidak/ada/r.xlsx"), "folder /tidak/ada tidak ada"),
        (3, ("--out", "r.csv"), "berkas r.csv harus berakhiran .xlsx"),
        (3, ("--grafik", "g.jpg"), "berkas g.jpg harus berakhiran .png"),
        (3, ("--out", "/proc/r.xlsx"), "berkas tidak dapat ditulis: /proc/r.xlsx"),
    ],
    ids=["too few", "unknown period", "missing folder", "not xlsx", "not png", "unwritable"],
)
async def test_ikm_report_refusals_are_one_line(
    services, database_url, tmp_path, count, args, expected
):
    await seed(services, count=count)
    full = ("report", "--out", "r.xlsx", *args)
    result = run_ikm(*full, database_url=database_url, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Gagal: ") and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r.xlsx").exists()
