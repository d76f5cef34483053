"""The recap chart: a small PNG of indicator values against targets."""

from __future__ import annotations

import struct
from decimal import Decimal

from scoring.chart import Bar, render_indicator_chart


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_the_recap_chart_fits_a_phone_screen_and_stays_small():
    bars = [
        Bar("IKU (nilai IKM)", Decimal("81.25"), Decimal("80")),
        Bar("IK1 Anggota ikut pelatihan", Decimal("45.50"), Decimal("75")),
        Bar("IK2 Laporan pelaksanaan tugas", None, Decimal("90")),
        Bar("IK3 Rapat Raperda sesuai standar", Decimal("100.00"), None),
    ]
    png = render_indicator_chart(bars, "Capaian dan target, 1 Januari – 31 Oktober 2026")
    assert png_size(png) == (600, 400)
    assert len(png) < 60_000


def test_the_same_figures_give_the_same_picture():
    bars = [Bar("IK1", Decimal("50.00"), Decimal("75"))]
    assert render_indicator_chart(bars, "judul") == render_indicator_chart(bars, "judul")
    assert render_indicator_chart(bars, "judul") != render_indicator_chart(
        [Bar("IK1", Decimal("60.00"), Decimal("75"))], "judul"
    )
