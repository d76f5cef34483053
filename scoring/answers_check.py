"""Vectorised validation of an answers sheet: header layout, answers 1..4, respondent ids."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from scoring.elements import STANDARD_ELEMENTS
from scoring.ikm import VALID_ANSWERS

KNOWN_CODES = STANDARD_ELEMENTS
ID_COLUMN = "responden"
FIRST_DATA_ROW = 2  # spreadsheet numbering: the header is row 1
_HINT = "isi 1, 2, 3, atau 4 (kosongkan bila tidak dijawab)."

Mask = npt.NDArray[np.bool_]
Numbers = npt.NDArray[np.float64]


class AnswersFileError(ValueError):
    """A bad answers file; ``message`` is one Indonesian line naming the row and column."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def column_letter(position: int) -> str:
    """Spreadsheet column letter for a 0-based position: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def validate(
    header: list[str], data: pd.DataFrame
) -> tuple[tuple[str, ...], pd.DataFrame, pd.Series[str] | None]:
    """Check a sheet (header cells + positional data columns, data row i = spreadsheet row
    i + 2) and return (codes in file order, Int8 answers frame, respondent ids or None).

    Rows blank in every column are dropped (trailing separators); the frame keeps the
    spreadsheet row numbers as its index ("baris").
    """
    names = ["".join(h.split()).lower() for h in header]
    names += [""] * (len(data.columns) - len(names))
    data = data.reindex(columns=range(len(names)))
    codes, id_position = _layout(names, header, data)
    answers = {code: _parse(data[names.index(code)]) for code in codes}
    _reject_first_bad(data, names, answers)
    blank = np.logical_and.reduce([mask for _, mask in answers.values()])
    ids = None if id_position is None else _ids(data, id_position)
    if ids is not None:
        blank &= ids.isna().to_numpy(dtype=bool)
    keep = ~blank
    if not keep.any():
        raise AnswersFileError(
            "Berkas tidak berisi jawaban: tidak ada baris data setelah baris 1."
        )
    rows = pd.Index(np.flatnonzero(keep) + FIRST_DATA_ROW, name="baris")
    columns = {
        code: pd.arrays.IntegerArray(np.where(mask, 0, values).astype(np.int8)[keep], mask[keep])
        for code, (values, mask) in answers.items()
    }
    frame = pd.DataFrame(columns, index=rows)
    return codes, frame, None if ids is None else ids[keep].set_axis(rows)


def _layout(
    names: list[str], header: list[str], data: pd.DataFrame
) -> tuple[tuple[str, ...], int | None]:
    """Unsur codes in file order and the position of ``responden`` (or None)."""
    _check_names(names, header)
    for position in (i for i, name in enumerate(names) if name == ""):
        filled = np.flatnonzero(_filled(data[position]))
        if len(filled):
            raise AnswersFileError(
                f"Baris {int(filled[0]) + FIRST_DATA_ROW}, kolom {column_letter(position)}: "
                "ada nilai di kolom tanpa judul; beri judul kode unsur atau kosongkan."
            )
    codes = tuple(n for n in names if n in KNOWN_CODES)
    if not codes:
        raise AnswersFileError(
            f"Baris 1 (judul) tidak memuat kolom unsur; gunakan kode: {', '.join(KNOWN_CODES)}."
        )
    return codes, names.index(ID_COLUMN) if ID_COLUMN in names else None


def _check_names(names: list[str], header: list[str]) -> None:
    """Reject unknown and repeated column titles, naming them and their column letters."""
    known = (*KNOWN_CODES, ID_COLUMN)
    unknown = [
        f"'{header[i].strip()}' ({column_letter(i)})"
        for i, name in enumerate(names)
        if name and name not in known
    ]
    if unknown:
        raise AnswersFileError(
            f"Kolom tidak dikenal: {', '.join(unknown)}. Kolom yang dikenal: "
            f"{', '.join(KNOWN_CODES)}, dan {ID_COLUMN} (opsional)."
        )
    for name in known:
        seen = [column_letter(i) for i, n in enumerate(names) if n == name]
        if len(seen) > 1:
            raise AnswersFileError(f"Kolom {name} muncul lebih dari sekali: {' dan '.join(seen)}.")


def _filled(column: pd.Series) -> Mask:
    """True where a cell holds something other than blank or whitespace."""
    text = column.astype("str").str.strip()
    return (text.notna() & (text != "")).to_numpy(dtype=bool)


def _parse(column: pd.Series) -> tuple[Numbers, Mask]:
    """Answers as float64 (NaN where not a number) plus the blank mask, vectorised."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        return values, np.isnan(values)
    blank = ~_filled(column)
    text = column.astype("str").str.strip().where(~blank)
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return values, blank


def _reject_first_bad(
    data: pd.DataFrame, names: list[str], answers: dict[str, tuple[Numbers, Mask]]
) -> None:
    """Raise for the earliest cell (row first, then column) whose answer is not 1..4."""
    offenders: list[tuple[int, int]] = []
    for code, (values, blank) in answers.items():
        bad = np.flatnonzero(~blank & ~np.isin(values, VALID_ANSWERS))
        if len(bad):
            offenders.append((int(bad[0]), names.index(code)))
    if not offenders:
        return
    index, position = min(offenders)
    cell = data.iat[index, position]
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    shown = str(cell).strip()
    number = not np.isnan(answers[names[position]][0][index]) or _is_decimal_comma(shown)
    what = f"nilai {shown} tidak valid" if number else f"'{shown}' bukan angka"
    where = f"Baris {index + FIRST_DATA_ROW}, kolom {names[position]} ({column_letter(position)})"
    raise AnswersFileError(f"{where}: {what}; {_HINT}")


def _is_decimal_comma(text: str) -> bool:
    """True for a number written with a decimal comma such as "2,5" (still not a valid answer)."""
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return "," in text


def _ids(data: pd.DataFrame, position: int) -> pd.Series[str]:
    """Respondent ids as stripped text (blank = NA); a repeated non-blank id is an error."""
    # Plain Python over the cells: pandas' .str.strip() and .duplicated() on 200,000 ids cost
    # more than reading the whole file.
    cells = data[position].to_numpy(dtype=object, na_value="")
    texts = [str(cell).strip() for cell in cells]
    filled = [text for text in texts if text]
    if len(set(filled)) < len(filled):
        _raise_repeated(texts, position)
    ids = pd.Series(texts, index=data.index, dtype="str")
    return ids.where(ids != "")


def _raise_repeated(texts: list[str], position: int) -> None:
    """Name the first id used twice, with the row where it was first used."""
    first_seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        if text and text in first_seen:
            raise AnswersFileError(
                f"Baris {index + FIRST_DATA_ROW}, kolom {ID_COLUMN} ({column_letter(position)}): "
                f"ID '{text}' sudah dipakai di baris {first_seen[text] + FIRST_DATA_ROW}."
            )
        first_seen.setdefault(text, index)
