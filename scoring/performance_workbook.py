"""The LKjIP "Pengukuran Kinerja" workbook: capaian as live formulas an auditor can check.

Sheets: Pengukuran Kinerja (the chosen year: target, realisasi, capaian = ROUND(realisasi ÷
target × 100; 2), status, and the bot's own capaian as text to compare), Tren 2021–2026 (each
indicator per year, the same formulas, a chart of realisasi against target per indicator),
Sumber Data (where each number came from). Pure: data in, bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]

from scoring.performance import IndicatorTrend, YearFigure, number_text
from scoring.workbook_sheets import Worksheet

TITLE = "Pengukuran Kinerja Sekretariat DPRD Kabupaten Balangan Tahun {year}"
MEASURE_HEADER = (
    "No",
    "Indikator",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Status",
    "Capaian menurut bot",
    "Sumber",
)
TREND_HEADER = ("Kode", "Tahun", "Target", "Realisasi", "Capaian (%)", "Status", "Sumber")
SOURCE_HEADER = ("Kode", "Tahun", "Asal data", "Sumber", "Jumlah catatan")


def capaian_formula(target: str, realisation: str) -> str:
    """ "—" unless both cells hold numbers and the target is not 0; then the capaian."""
    return (
        f'=IF(AND(ISNUMBER({target}),ISNUMBER({realisation})),IF({target}=0,"—",'
        f'ROUND({realisation}/{target}*100,2)),"—")'
    )


def status_formula(capaian: str) -> str:
    """Tercapai at ≥ 100, Belum tercapai below, Tidak ada data without a capaian."""
    return (
        f'=IF(ISNUMBER({capaian}),IF({capaian}>=100,"Tercapai","Belum tercapai"),"Tidak ada data")'
    )


def build_performance_workbook(trends: Sequence[IndicatorTrend], year: int) -> bytes:
    """The workbook as .xlsx bytes for ``year`` with the whole plan's trend."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Pengukuran Kinerja"
    _measure(sheet, trends, year)
    _trend(book.create_sheet("Tren 2021-2026"), trends)
    _sources(book.create_sheet("Sumber Data"), trends)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _number(cell: Any, value: Decimal | None) -> None:
    """A number cell (blank when missing), shown with 2 decimals."""
    if value is not None:
        cell.value = float(value)
        cell.number_format = "0.00"


def _measure(ws: Worksheet, trends: Sequence[IndicatorTrend], year: int) -> None:
    ws["A1"] = TITLE.format(year=year)
    ws["A1"].font = Font(bold=True)
    for column, title in enumerate(MEASURE_HEADER, start=1):
        ws.cell(row=3, column=column, value=title).font = Font(bold=True)
    for offset, trend in enumerate(trends):
        row = 4 + offset
        figure = trend.year(year)
        ws.cell(row=row, column=1, value=offset + 1)
        ws.cell(row=row, column=2, value=f"{trend.code} {trend.name}")
        ws.cell(row=row, column=3, value=trend.unit)
        _number(ws.cell(row=row, column=4), figure.target)
        _number(ws.cell(row=row, column=5), figure.realisation)
        ws.cell(row=row, column=6, value=capaian_formula(f"D{row}", f"E{row}"))
        ws.cell(row=row, column=7, value=status_formula(f"F{row}"))
        ws.cell(row=row, column=8, value=number_text(figure.capaian))
        ws.cell(row=row, column=9, value=_source(figure))


def _source(figure: YearFigure) -> str:
    return f"{figure.source} (impor)" if figure.imported else figure.source


def _trend(ws: Worksheet, trends: Sequence[IndicatorTrend]) -> None:
    for column, title in enumerate(TREND_HEADER, start=1):
        ws.cell(row=1, column=column, value=title).font = Font(bold=True)
    row = 2
    for index, trend in enumerate(trends):
        first = row
        for figure in trend.figures:
            ws.cell(row=row, column=1, value=trend.code)
            ws.cell(row=row, column=2, value=str(figure.year))
            _number(ws.cell(row=row, column=3), figure.target)
            _number(ws.cell(row=row, column=4), figure.realisation)
            ws.cell(row=row, column=5, value=capaian_formula(f"C{row}", f"D{row}"))
            ws.cell(row=row, column=6, value=status_formula(f"E{row}"))
            ws.cell(row=row, column=7, value=_source(figure))
            row += 1
        _chart(ws, trend, first, row - 1, index)
        row += 1


def _chart(ws: Worksheet, trend: IndicatorTrend, first: int, last: int, index: int) -> None:
    """Realisasi against target per year, one bar chart per indicator, right of the table."""
    chart = BarChart()
    chart.title = f"{trend.code}: realisasi dan target"
    chart.y_axis.title = trend.unit
    data = Reference(ws, min_col=3, max_col=4, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.series[0].tx = None
    chart.height, chart.width = 6, 14
    ws.add_chart(chart, f"I{1 + index * 14}")


def _sources(ws: Worksheet, trends: Sequence[IndicatorTrend]) -> None:
    for column, title in enumerate(SOURCE_HEADER, start=1):
        ws.cell(row=1, column=column, value=title).font = Font(bold=True)
    row = 2
    for trend in trends:
        for figure in trend.figures:
            origin = (
                "impor" if figure.imported else ("bot" if figure.realisation is not None else "—")
            )
            values = (trend.code, str(figure.year), origin, figure.source, figure.records)
            for column, value in enumerate(values, start=1):
                ws.cell(row=row, column=column, value=value)
            row += 1
