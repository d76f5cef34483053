"""The IKM report as an Excel workbook whose Rekap recomputes the IKM with live formulas.

Sheets: Rekap (per unsur Σ, count, NRR and weighted NRR as formulas over Data, then the IKM,
nilai konversi, mutu and kinerja, and the bot's own exact values as text to compare), Data (one
row per anonymous response), Saran, Info. Pure: data in, bytes out.
"""

from io import BytesIO

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from scoring.ikm import IkmResult
from scoring.numbers import BANDS_2017, LOWEST_GRADE, format_id
from scoring.report_data import ReportData
from scoring.summary import legacy_notice, weight_text
from scoring.workbook_sheets import (
    Worksheet,
    bold_row,
    put_text,
    set_widths,
    write_data,
    write_info,
    write_saran,
)

__all__ = ["ReportData", "build_workbook"]

WEIGHT_ROW = 2
HEADER_ROW = 3
FIRST_ROW = 4
HEADER = (
    "Kode",
    "Unsur",
    "Jumlah nilai",
    "Jumlah responden menjawab",
    "NRR",
    "NRR tertimbang",
)
FOUR_PLACES = "0.0000"


def build_workbook(data: ReportData) -> bytes:
    """The .xlsx bytes: Rekap, Data, Saran, Info; Excel recalculates every formula on load."""
    _check(data)
    book = Workbook()
    rekap = book.active
    assert rekap is not None
    rekap.title = "Rekap"
    _write_rekap(rekap, data)
    write_data(book.create_sheet("Data"), data.elements, data.rows)
    write_saran(book.create_sheet("Saran"), data.saran)
    write_info(book.create_sheet("Info"), data)
    book.calculation.fullCalcOnLoad = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _write_rekap(sheet: Worksheet, data: ReportData) -> None:
    """Title, weight cell (``=1/n``), one formula row per unsur, then the totals block."""
    n = len(data.elements)
    put_text(sheet.cell(1, 1), f"Rekapitulasi IKM — {data.period_name}")
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    put_text(sheet.cell(WEIGHT_ROW, 1), "Bobot per unsur")
    weight = sheet.cell(WEIGHT_ROW, 2, "=" + weight_text(data.result))
    weight.number_format = "0.00##" if data.result.legacy_weight else "?/?"
    sheet.append(HEADER)
    bold_row(sheet, HEADER_ROW)
    last_data_row = len(data.rows) + 1
    for index, (code, name) in enumerate(data.elements):
        _element_row(sheet, FIRST_ROW + index, index, (code, name), last_data_row)
    _totals(sheet, data, FIRST_ROW + n + 1)
    set_widths(sheet, (28, 40, 14, 18, 10, 16))


def _element_row(
    sheet: Worksheet, row: int, index: int, element: tuple[str, str], last_data_row: int
) -> None:
    """Σ and count over the unsur's Data column, NRR = Σ / count, weighted = NRR × bobot."""
    column = get_column_letter(index + 2)
    span = f"Data!{column}2:{column}{last_data_row}"
    put_text(sheet.cell(row, 1), element[0])
    put_text(sheet.cell(row, 2), element[1])
    sheet.cell(row, 3, f"=SUM({span})")
    sheet.cell(row, 4, f"=COUNT({span})")
    sheet.cell(row, 5, f"=C{row}/D{row}").number_format = FOUR_PLACES
    sheet.cell(row, 6, f"=E{row}*$B${WEIGHT_ROW}").number_format = FOUR_PLACES


def _totals(sheet: Worksheet, data: ReportData, top: int) -> None:
    """IKM = Σ weighted NRR, skor = IKM × 25, mutu and kinerja from ROUND(skor, 2) (§5)."""
    last = top - 2
    score = f"B{top + 1}"
    rows: list[tuple[str, str, str | None]] = [
        ("IKM (jumlah NRR tertimbang)", f"=SUM(F{FIRST_ROW}:F{last})", FOUR_PLACES),
        ("Nilai konversi (IKM × 25)", f"=B{top}*25", "0.00"),
        ("Mutu pelayanan", _band_formula(score, 1), None),
        ("Kinerja unit pelayanan", _band_formula(score, 2), None),
    ]
    for offset, (label, formula, number_format) in enumerate(rows):
        put_text(sheet.cell(top + offset, 1), label)
        cell = sheet.cell(top + offset, 2, formula)
        if number_format:
            cell.number_format = number_format
        sheet.cell(top + offset, 1).font = Font(bold=True)
    _bot_values(sheet, data.result, top + len(rows) + 1)


def _band_formula(score_cell: str, pick: int) -> str:
    """Nested IFs over the 2017 bands: pick 1 = mutu (A..D), 2 = kinerja (Sangat Baik..)."""
    rounded = f"ROUND({score_cell},2)"
    formula = f'"{LOWEST_GRADE[pick - 1]}"'
    for band in reversed(BANDS_2017):
        formula = f'IF({rounded}>={band[0]},"{band[pick]}",{formula})'
    return "=" + formula


def _bot_values(sheet: Worksheet, result: IkmResult, top: int) -> None:
    """The bot's exact values as text with a decimal comma, for an auditor to compare."""
    assert result.ikm_display is not None and result.score_display is not None
    lines = [
        ("Nilai menurut ikm-bot", format_id(result.score_display)),
        ("IKM menurut ikm-bot", format_id(result.ikm_display)),
        ("Mutu menurut ikm-bot", f"{result.grade} ({result.label})"),
    ]
    if result.legacy_weight:
        lines.append(("Catatan", legacy_notice(result)))
    for offset, (label, value) in enumerate(lines):
        put_text(sheet.cell(top + offset, 1), label)
        put_text(sheet.cell(top + offset, 2), value)


def _check(data: ReportData) -> None:
    """The rows must be the answers the result was computed from, and the IKM must exist."""
    codes = [code for code, _ in data.elements]
    if codes != [e.code for e in data.result.elements]:
        raise ValueError("the elements differ from the result's unsur")
    if not data.rows or len(data.rows) != data.result.respondents:
        raise ValueError("one row per respondent is required")
    if data.result.ikm is None:
        raise ValueError(f"no IKM: no answers for {', '.join(data.result.missing)}")
    for element in data.result.elements:
        values = [row[element.code] for row in data.rows if element.code in row]
        if (sum(values), len(values)) != (element.total, element.answered):
            raise ValueError(f"{element.code}: the rows do not match the result")
    if any(set(row) - set(codes) or set(row.values()) - {1, 2, 3, 4} for row in data.rows):
        raise ValueError("rows may hold only the unsur codes with values 1..4")
