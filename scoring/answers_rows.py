"""The rows of an answers sheet: where the report's footer starts, every bad answer, totals."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.answers_header import Column

VALID = (1, 2, 3, 4)
HINT = "isi 1, 2, 3, atau 4 (kosongkan bila tidak dijawab)."
MAX_LISTED = 30
FOOTER_SEARCH_ROWS = 50  # a report's totals block sits under the data, a few rows long
# Labels of the rows published reports put under the data (IKM-METHOD §8's tables).
_FOOTER = re.compile(
    r"\s*(jumlah|total|rata|nilai|nrr|ikm|bobot|mutu|kinerja|skor|konversi)\b", re.IGNORECASE
)
_TOTALS = re.compile(r"\s*(jumlah|total)\b(?!.*(rata|nrr|tertimbang))", re.IGNORECASE)

Mask = npt.NDArray[np.bool_]
Numbers = npt.NDArray[np.float64]
Answers = dict[str, tuple[Numbers, Mask]]


def column_letter(position: int) -> str:
    """Spreadsheet column letter for a 0-based position: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def is_filled(column: pd.Series) -> Mask:
    """True where a cell holds something other than blank or whitespace."""
    text = column.astype("str").str.strip()
    return (text.notna() & (text != "")).to_numpy(dtype=bool)


def footer_start(data: pd.DataFrame, labels: Sequence[int]) -> int:
    """Index of the first of the last 50 rows whose label cell (a column that is not an answer)
    starts with Jumlah, Total, Rata-rata, NRR, IKM, Nilai, Bobot, Mutu, Kinerja or Skor; else
    len(data). Only the bottom is searched: a label higher up is a bad row, not a footer."""
    end = len(data)
    offset = max(0, end - FOOTER_SEARCH_ROWS)
    for position in labels:
        column = data[position].iloc[offset:]
        if pd.api.types.is_numeric_dtype(column):
            continue
        hits = np.flatnonzero(column.astype("str").str.match(_FOOTER).fillna(False).to_numpy())
        if len(hits):
            end = min(end, offset + int(hits[0]))
    return end


def bad_cells_message(
    body: pd.DataFrame, unsur: Sequence[Column], answers: Answers, first_row: int
) -> str | None:
    """One line naming every answer that is not 1..4, row by row, or None when all are."""
    found: list[tuple[int, int, str]] = []
    for column in unsur:
        values, blank = answers[column.code]
        for index in np.flatnonzero(~blank & ~np.isin(values, VALID)):
            cell = body.iat[int(index), column.position]
            found.append((int(index), column.position, _what(cell, values[index])))
    if not found:
        return None
    found.sort()
    titles = {c.position: c.title for c in unsur}
    listed = [
        f"Baris {index + first_row}, kolom {titles[position]} ({column_letter(position)}): {what}"
        for index, position, what in found[:MAX_LISTED]
    ]
    more = len(found) - MAX_LISTED
    tail = f"; dan {more} sel lain" if more > 0 else ""
    count = f" (semua {len(found)} sel)" if len(found) > 1 else ""
    return f"{'; '.join(listed)}{tail}{count}; {HINT}"


def _what(cell: object, value: float) -> str:
    """ "nilai 5 tidak valid" for a number outside 1..4, "'baik' bukan angka" for text."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    shown = str(cell).strip()
    number = not np.isnan(value) or _is_decimal_comma(shown)
    return f"nilai {shown} tidak valid" if number else f"'{shown}' bukan angka"


def _is_decimal_comma(text: str) -> bool:
    """True for a number written with a decimal comma such as "2,5" (still not a valid answer)."""
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return "," in text


def check_totals(
    footer: pd.DataFrame, unsur: Sequence[Column], answers: Answers, first_row: int
) -> str | None:
    """A footer row labelled Jumlah/Total must agree with the answers above it: the first
    disagreement as one line, else None. Other footer rows (NRR, IKM) are not checked."""
    for offset in range(len(footer)):
        row = footer.iloc[offset]
        label = next((str(v) for v in row if isinstance(v, str) and _FOOTER.match(v)), "")
        if not _TOTALS.match(label):
            continue
        for column in unsur:
            written = pd.to_numeric(pd.Series([row.iloc[column.position]]), errors="coerce")[0]
            values, blank = answers[column.code]
            total = int(values[~blank].sum())
            if not pd.isna(written) and written != total:
                return (
                    f"Baris {first_row + offset} ({label.strip()}), kolom {column.title} "
                    f"({column_letter(column.position)}): tertulis {_plain(written)}, "
                    f"sedangkan jumlah jawaban di atasnya {total}; periksa data atau baris jumlah."
                )
    return None


def _plain(value: float) -> str:
    """A number as written: 105.0 -> "105"."""
    return str(int(value)) if float(value).is_integer() else str(value)
