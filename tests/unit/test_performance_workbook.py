"""The Pengukuran Kinerja workbook: its formulas give the bot's capaian; no data shows "—"."""

from decimal import Decimal
from pathlib import Path

from scoring.performance import IndicatorTrend, YearFigure, capaian
from scoring.performance_workbook import build_performance_workbook
from tests.workbook_eval import evaluate

YEARS = range(2021, 2027)


def trend(code: str, unit: str, known: dict[int, tuple[str | None, str | None]]) -> IndicatorTrend:
    figures = []
    for year in YEARS:
        target, real = known.get(year, (None, None))
        figures.append(
            YearFigure(
                year,
                None if target is None else Decimal(target),
                None if real is None else Decimal(real),
                "riwayat.csv" if year < 2026 else "bot",
                imported=year < 2026,
            )
        )
    return IndicatorTrend(code, f"nama {code}", unit, tuple(figures))


TRENDS = (
    trend("IKU", "nilai IKM", {2026: ("85", "85.20"), 2023: ("85", "84.15")}),
    trend("IK1", "%", {2026: ("80", "84.00")}),
    trend("IK2", "%", {2026: ("90", "66.67"), 2025: ("0", "50")}),
    trend("IK3", "%", {2026: (None, "50"), 2024: ("90", None)}),
)


def test_capaian_is_realisation_over_target_half_up() -> None:
    # 85.20/85 × 100 = 100.2352…; 66.67/90 × 100 = 74.0777…; 84.15/85 × 100 = 99
    assert capaian(Decimal("85.20"), Decimal(85)) == Decimal("100.24")
    assert capaian(Decimal("66.67"), Decimal(90)) == Decimal("74.08")
    assert capaian(Decimal("84.15"), Decimal(85)) == Decimal("99.00")
    assert capaian(Decimal("50"), Decimal(0)) is None
    assert capaian(None, Decimal(90)) is None


def test_the_formulas_give_the_bots_capaian_and_dashes_without_data(tmp_path: Path) -> None:
    path = tmp_path / "kinerja.xlsx"
    path.write_bytes(build_performance_workbook(TRENDS, 2026))
    cells = evaluate(path)
    measure = "PENGUKURAN KINERJA"
    assert [cells[f"{measure}!F{row}"] for row in range(4, 8)] == [100.24, 105.0, 74.08, "—"]
    assert [cells[f"{measure}!G{row}"] for row in range(4, 8)] == [
        "Tercapai",
        "Tercapai",
        "Belum tercapai",
        "Tidak ada data",
    ]
    for row, trend_ in zip(range(4, 8), TRENDS, strict=True):
        shown = trend_.year(2026).capaian
        assert cells[f"{measure}!H{row}"] == (
            "—" if shown is None else str(shown).replace(".", ",")
        )
    trend_sheet = "TREN 2021-2026"
    # IKU rows 2–7 (2021…2026); IK2 rows 16–21; IK3 rows 23–28
    assert cells[f"{trend_sheet}!E4"] == 99.0  # IKU 2023, imported
    assert cells[f"{trend_sheet}!F4"] == "Belum tercapai"
    assert cells[f"{trend_sheet}!E2"] == "—"  # IKU 2021: no data
    assert cells[f"{trend_sheet}!E20"] == "—"  # IK2 2025: target 0, no division
    assert cells[f"{trend_sheet}!E26"] == "—"  # IK3 2024: target, no realisation
    assert not any(str(v).startswith("#") for v in cells.values())
