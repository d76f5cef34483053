"""The Data, Saran and Info sheets of the IKM workbook, and the cell helpers they share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from scoring.dates import format_day, format_moment
from scoring.numbers import krejcie_morgan
from scoring.summary import legacy_notice

if TYPE_CHECKING:
    from scoring.report_data import ReportData

Worksheet = Any  # openpyxl ships no type hints
METHOD = "PermenPANRB Nomor 14 Tahun 2017 (NRR per unsur, bobot 1/n, konversi ×25)"
ANONYMITY = "Jawaban tanpa identitas; urutan baris di lembar Data acak, bukan urutan pengisian."
NO_SARAN = "Tidak ada saran pada periode ini."


def put_text(cell: Any, value: str) -> None:
    """Text that stays text: a leading '=' never becomes a formula, control characters go."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"


def bold_row(sheet: Worksheet, row: int) -> None:
    """Bold, wrapped headers on ``row``."""
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    """Column widths in characters, from column A on."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def respondent_labels(count: int) -> list[str]:
    """R1…R9 for up to 9, R01…R29 for 29, R001… for 100 or more: padded to the count's width."""
    width = len(str(count))
    return [f"R{number:0{width}d}" for number in range(1, count + 1)]


def write_data(
    sheet: Worksheet, elements: Sequence[tuple[str, str]], rows: Sequence[Mapping[str, int]]
) -> None:
    """Header `Responden` + unsur codes; one row per response, 1..4, blank when unanswered."""
    codes = [code for code, _ in elements]
    sheet.append(["Responden", *codes])
    for label, row in zip(respondent_labels(len(rows)), rows, strict=True):
        sheet.append([label, *(row.get(code) for code in codes)])
    bold_row(sheet, 1)
    sheet.freeze_panes = "B2"
    set_widths(sheet, [12, *(max(len(code) + 2, 8) for code in codes)])


def write_saran(sheet: Worksheet, saran: Sequence[str]) -> None:
    """Numbered saran texts, wrapped; one line saying so when there is none."""
    if not saran:
        put_text(sheet.cell(1, 1), NO_SARAN)
        set_widths(sheet, [40])
        return
    sheet.append(["No", "Saran"])
    bold_row(sheet, 1)
    for number, text in enumerate(saran, start=1):
        sheet.cell(number + 1, 1, number)
        put_text(sheet.cell(number + 1, 2), text)
        sheet.cell(number + 1, 2).alignment = Alignment(wrap_text=True, vertical="top")
    set_widths(sheet, [6, 100])


def write_info(sheet: Worksheet, data: ReportData) -> None:
    """What, when, how and from whom: one label and one value per row."""
    for row, (label, value) in enumerate(info_lines(data), start=1):
        put_text(sheet.cell(row, 1), label)
        sheet.cell(row, 1).font = Font(bold=True)
        if isinstance(value, int):
            sheet.cell(row, 2, value)
        else:
            put_text(sheet.cell(row, 2), value)
        sheet.cell(row, 2).alignment = Alignment(horizontal="left", wrap_text=True)
    set_widths(sheet, [34, 90])


def info_lines(data: ReportData) -> list[tuple[str, str | int]]:
    """The Info sheet's rows; dates and the generation time as Indonesian text."""
    result = data.result
    minimum = krejcie_morgan(data.population)
    lines: list[tuple[str, str | int]] = [
        ("Periode", data.period_name),
        ("Tanggal mulai", format_day(data.starts_on)),
        ("Tanggal selesai", format_day(data.ends_on) if data.ends_on else "belum ditentukan"),
        ("Versi kuesioner", data.questionnaire_version),
        ("Metode", METHOD),
        ("Jumlah responden", result.respondents),
        ("Populasi (anggota DPRD aktif)", data.population),
        ("Sampel minimal (Krejcie & Morgan)", minimum),
        ("Kecukupan sampel", _adequacy(result.respondents, minimum, data.population)),
        ("Anonimitas", ANONYMITY),
        ("Dibuat pada", format_moment(data.generated_at)),
    ]
    if result.legacy_weight:
        lines.insert(5, ("Bobot", legacy_notice(result)))
    return lines


def _adequacy(respondents: int, minimum: int, population: int) -> str:
    """ "memadai", or the §7 sentence naming the shortfall."""
    if respondents >= minimum:
        return "memadai"
    return (
        f"Sampel belum memadai: {respondents} dari minimal {minimum} responden "
        f"(Krejcie & Morgan, populasi {population})"
    )
