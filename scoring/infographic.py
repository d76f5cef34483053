"""The "Infografis Hasil SKM": a ready-to-post PNG of a period's released results, A4 portrait
or square, and the text it carries, kept alongside as data.

Data in, bytes out; drawn on a bare `Figure` with the Agg canvas (see chart.py). Every string
drawn goes through one helper that also records it, so the text kept beside the image is
exactly what the image says. Numbers use the decimal comma.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Format = Literal["a4", "persegi"]
#: Inches and dots per inch: A4 portrait 1240 × 1754 px; square 1080 × 1080 px.
SIZES: dict[str, tuple[float, float, int]] = {
    "a4": (8.2667, 11.6934, 150),
    "persegi": (7.2, 7.2, 150),
}
TITLE = "INFOGRAFIS HASIL SURVEI KEPUASAN MASYARAKAT"
METHOD = "Metode PermenPANRB Nomor 14 Tahun 2017; hanya jawaban yang sudah dirilis dihitung."


@dataclass(frozen=True)
class ElementBar:
    """An unsur and its NRR (4 decimals; None: no data)."""

    name: str
    nrr: Decimal | None


@dataclass(frozen=True)
class TrendPoint:
    """A period's skor, for the trend."""

    period: str
    score: Decimal


@dataclass(frozen=True)
class ActionLine:
    """A follow-up action as published: unsur, what, who, by when, status."""

    element: str
    action: str
    bidang: str
    due: str
    status: str


@dataclass(frozen=True)
class Infographic:
    """What the infographic shows; nothing per respondent, never a saran."""

    institution: str
    address: str
    logo: bytes | None
    period: str
    score: Decimal
    ikm: Decimal
    grade: str
    label: str
    respondents: int
    population: int
    published: str
    elements: tuple[ElementBar, ...]
    trend: tuple[TrendPoint, ...]
    actions: tuple[ActionLine, ...]


def number(value: Decimal) -> str:
    """`Decimal("83.33")` → `83,33`."""
    return format(value, "f").replace(".", ",")


def headline(info: Infographic) -> list[str]:
    """The lines under the title: period, skor with grade, IKM, respondents."""
    return [
        f"Periode {info.period}",
        f"IKM {number(info.score)}",
        f"Mutu {info.grade} · {info.label}",
        f"Nilai indeks {number(info.ikm)} (skala 1–4)",
        f"Responden: {info.respondents} dari {info.population} anggota DPRD",
    ]


def action_text(action: ActionLine) -> str:
    """One follow-up action in a sentence."""
    return (
        f"{action.element}: {action.action} (bidang {action.bidang}, "
        f"tenggat {action.due}, {action.status})"
    )


def pixels(fmt: Format) -> tuple[int, int]:
    """The image's width and height in pixels."""
    width, height, dpi = SIZES[fmt]
    return int(width * dpi), int(height * dpi)


def as_data(info: Infographic, fmt: Format, texts: list[str]) -> dict[str, object]:
    """The text kept alongside the image (JSON-able): its numbers as shown, and every string
    drawn, in order, so a screen reader, a caption or a test reads what the image says."""
    width, height = pixels(fmt)
    return {
        "format": fmt,
        "lebar": width,
        "tinggi": height,
        "lembaga": info.institution,
        "alamat": info.address,
        "periode": info.period,
        "ikm": number(info.score),
        "nilai_indeks": number(info.ikm),
        "mutu": info.grade,
        "kinerja": info.label,
        "responden": info.respondents,
        "anggota": info.population,
        "unsur": [
            {"nama": e.name, "nrr": None if e.nrr is None else number(e.nrr)}
            for e in info.elements
        ],
        "tren": [{"periode": p.period, "ikm": number(p.score)} for p in info.trend],
        "tindak_lanjut": [action_text(a) for a in info.actions],
        "diterbitkan": info.published,
        "teks": texts,
    }
