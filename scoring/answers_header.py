"""Header cells of an SKM answers sheet: which row is the header and what each column holds.

SKM teams keep their tabulations under many names: the nine standard codes, the regulation's
full names ("Waktu Penyelesaian"), ``U1 … Un``, the fourteen unsur of KEP/25/M.PAN/2/2004, an
agency's own names, and demographic columns. This module places each header cell; it reads
no data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from scoring.elements import STANDARD_ELEMENTS

ID_COLUMN = "responden"
HEADER_SEARCH_ROWS = 20  # a title block above the header is never longer in published reports

# Full names and common variants of the nine standard unsur (IKM-METHOD §2), normalised.
_STANDARD_NAMES: dict[str, str] = {
    "persyaratan": "persyaratan",
    "persyaratan pelayanan": "persyaratan",
    "prosedur": "prosedur",
    "sistem mekanisme dan prosedur": "prosedur",
    "sistem mekanisme prosedur": "prosedur",
    "prosedur pelayanan": "prosedur",
    "waktu": "waktu",
    "waktu penyelesaian": "waktu",
    "waktu pelayanan": "waktu",
    "biaya": "biaya",
    "tarif": "biaya",
    "biaya tarif": "biaya",
    "produk": "produk",
    "produk spesifikasi jenis pelayanan": "produk",
    "produk layanan": "produk",
    "kompetensi": "kompetensi",
    "kompetensi pelaksana": "kompetensi",
    "perilaku": "perilaku",
    "perilaku pelaksana": "perilaku",
    "pengaduan": "pengaduan",
    "penanganan pengaduan": "pengaduan",
    "penanganan pengaduan saran dan masukan": "pengaduan",
    "sarana": "sarana",
    "sarana dan prasarana": "sarana",
    "sarana prasarana": "sarana",
}
# The sample questionnaire's order (IKM-METHOD §2): U8 is Sarana, U9 Pengaduan.
SAMPLE_ORDER = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "sarana",
    "pengaduan",
)
# The fourteen unsur of KEP/25/M.PAN/2/2004 (IKM-METHOD §6); the first two are standard codes.
LEGACY_NAMES = (
    "kejelasan petugas",
    "kedisiplinan petugas",
    "tanggung jawab petugas",
    "kemampuan petugas",
    "kecepatan pelayanan",
    "keadilan",
    "kesopanan dan keramahan",
    "kewajaran biaya",
    "kepastian biaya",
    "kepastian jadwal",
    "kenyamanan lingkungan",
    "keamanan pelayanan",
)
# Columns an SKM sheet carries besides the answers; set aside and named in a note.
NON_ANSWER_NAMES = frozenset(
    {
        "no",
        "no urut",
        "nomor",
        "nama",
        "nama responden",
        "tanggal",
        "tgl",
        "waktu survei",
        "jam",
        "jenis kelamin",
        "jk",
        "l p",
        "umur",
        "usia",
        "pendidikan",
        "pendidikan terakhir",
        "pekerjaan",
        "alamat",
        "telepon",
        "no hp",
        "jenis layanan",
        "jenis pelayanan",
        "layanan",
        "saran",
        "kritik dan saran",
        "saran dan masukan",
        "keterangan",
        "ket",
    }
)
_U_CODE = re.compile(r"u\s*(\d{1,2})")
_OWN_PREFIX = re.compile(r"unsur\s+(.+)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


class Role(Enum):
    """What a column holds."""

    UNSUR = "unsur"
    ID = "id"
    ASIDE = "aside"
    BLANK = "blank"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Column:
    """One header cell: its 0-based position, the text as written, its role, and for an unsur
    the code it is scored under (a standard code, ``U3``, or the agency's own name)."""

    position: int
    title: str
    role: Role
    code: str = ""


def normalise(cell: str) -> str:
    """Lower case, each run of punctuation and spaces one space: "Biaya/Tarif" -> "biaya tarif"."""
    return _NOT_WORD.sub(" ", cell.lower()).strip()


def place(cell: str, position: int, own: frozenset[str] = frozenset()) -> Column:
    """Place one header cell. ``own`` holds normalised names the user declared as unsur."""
    title = " ".join(cell.split())
    name = normalise(cell)
    if not name:
        return Column(position, title, Role.BLANK)
    if name == ID_COLUMN:
        return Column(position, title, Role.ID)
    if name in _STANDARD_NAMES:
        return Column(position, title, Role.UNSUR, _STANDARD_NAMES[name])
    u_code = _U_CODE.fullmatch(name)
    if u_code:
        return Column(position, title, Role.UNSUR, f"U{int(u_code.group(1))}")
    if name in LEGACY_NAMES or name in own:
        return Column(position, title, Role.UNSUR, title)
    prefixed = _OWN_PREFIX.fullmatch(name)
    if prefixed:
        rest = prefixed.group(1)
        return Column(position, title, Role.UNSUR, f"U{int(rest)}" if rest.isdigit() else title)
    if name in NON_ANSWER_NAMES:
        return Column(position, title, Role.ASIDE)
    return Column(position, title, Role.UNKNOWN)


def header_row(rows: Sequence[Sequence[str]], own: frozenset[str] = frozenset()) -> int | None:
    """Index of the first of the top rows with an unsur header cell, or None."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(place(cell, i, own).role is Role.UNSUR for i, cell in enumerate(row)):
            return index
    return None


def fill_from_above(header: Sequence[str], above: Sequence[str]) -> list[str]:
    """A blank header cell takes the cell right above it: a two-row header whose "No" and
    "Nama" are merged down over the row of ``U1 … U9``."""
    filled = list(header)
    for i, cell in enumerate(filled):
        if not cell.strip() and i < len(above):
            filled[i] = above[i]
    return filled


def standard_names_for_sample_order(columns: list[Column]) -> tuple[list[Column], bool]:
    """Exactly U1–U9 and no standard code: name them as the sample questionnaire orders the
    nine unsur (U8 sarana, U9 pengaduan). Returns the columns and whether it did."""
    unsur = [c for c in columns if c.role is Role.UNSUR]
    u_codes = {c.code for c in unsur if c.code.startswith("U") and c.code[1:].isdigit()}
    if u_codes != {f"U{i}" for i in range(1, 10)}:
        return columns, False
    if any(c.code in STANDARD_ELEMENTS for c in unsur):
        return columns, False
    renamed = [
        Column(c.position, c.title, c.role, SAMPLE_ORDER[int(c.code[1:]) - 1])
        if c.code in u_codes
        else c
        for c in columns
    ]
    return renamed, True
