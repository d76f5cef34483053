"""A known infographic for the tests and its stored reference images (no tests here).

`python -m tests.infographic_sample` writes the reference images again; do it only when the
drawing changed on purpose, and look at them before committing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from scoring.infographic import ActionLine, ElementBar, Infographic, TrendPoint

REFERENCES = Path(__file__).parent / "data"

SAMPLE = Infographic(
    institution="Sekretariat DPRD Kabupaten Balangan",
    address="Jl. A. Yani, Paringin, Kabupaten Balangan",
    logo=None,
    period="Semester II 2026",
    score=Decimal("83.33"),
    ikm=Decimal("3.3333"),
    grade="B",
    label="Baik",
    respondents=3,
    population=25,
    published="1 Desember 2026",
    elements=(
        ElementBar("Sistem, Mekanisme, dan Prosedur", Decimal("3.0000")),
        ElementBar("Waktu Penyelesaian", Decimal("3.6667")),
        ElementBar("Produk Spesifikasi Jenis Pelayanan", Decimal("3.3333")),
        ElementBar("Kompetensi Pelaksana", Decimal("3.3333")),
        ElementBar("Perilaku Pelaksana", Decimal("4.0000")),
        ElementBar("Sarana dan Prasarana", Decimal("2.0000")),
    ),
    trend=(
        TrendPoint("Semester I 2026", Decimal("80.21")),
        TrendPoint("Semester II 2026", Decimal("83.33")),
    ),
    actions=(
        ActionLine(
            "Sarana dan Prasarana",
            "Perbaikan AC ruang rapat paripurna",
            "fasilitasi",
            "31 Januari 2027",
            "rencana",
        ),
    ),
)


def reference(fmt: str) -> Path:
    """The stored reference image of SAMPLE in format `fmt`."""
    return REFERENCES / f"infografis-{fmt}.png"


if __name__ == "__main__":
    from scoring.infographic_draw import render_infographic

    for fmt in ("a4", "persegi"):
        png, _ = render_infographic(SAMPLE, fmt)  # type: ignore[arg-type]
        reference(fmt).write_bytes(png)
