"""The infographic from known data: its size, the text kept beside it, and the stored reference
images, compared with a tolerance (fonts may antialias a little differently elsewhere)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import numpy as np
import pytest
from PIL import Image

from scoring.infographic import as_data
from scoring.infographic_draw import render_infographic
from tests.infographic_sample import SAMPLE, reference

SIZES = {"a4": (1240, 1754), "persegi": (1080, 1080)}


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(BytesIO(png)).convert("RGB"), dtype=np.int16)


def difference(png: bytes, other: bytes) -> tuple[float, float]:
    """Mean absolute difference (0–255) and the share of pixels that differ by more than 64."""
    a, b = pixels(png), pixels(other)
    assert a.shape == b.shape
    delta = np.abs(a - b)
    return float(delta.mean()), float((delta.max(axis=2) > 64).mean())


def close_to(png: bytes, other: bytes) -> bool:
    mean, share = difference(png, other)
    return mean < 1.0 and share < 0.001  # a changed score alone differs in ~0.26 %


@pytest.mark.parametrize("fmt", ["a4", "persegi"])
def test_the_image_has_its_format_size_and_matches_the_stored_reference(fmt):
    png, _ = render_infographic(SAMPLE, fmt)
    assert Image.open(BytesIO(png)).size == SIZES[fmt]
    assert close_to(png, reference(fmt).read_bytes())


@pytest.mark.parametrize("fmt", ["a4", "persegi"])
def test_other_numbers_make_an_image_the_comparison_tells_apart(fmt):
    changed = replace(SAMPLE, score=Decimal("91.48"), grade="A", label="Sangat Baik")
    png, _ = render_infographic(changed, fmt)
    assert not close_to(png, reference(fmt).read_bytes())


def test_the_text_kept_beside_the_image_says_what_it_shows(tmp_path):
    _, texts = render_infographic(SAMPLE, "a4")
    data = as_data(SAMPLE, "a4", texts)
    assert (data["lebar"], data["tinggi"]) == SIZES["a4"]
    assert (data["ikm"], data["nilai_indeks"], data["mutu"], data["kinerja"]) == (
        "83,33",
        "3,3333",
        "B",
        "Baik",
    )
    assert data["unsur"][-1] == {"nama": "Sarana dan Prasarana", "nrr": "2,0000"}
    assert data["tren"] == [
        {"periode": "Semester I 2026", "ikm": "80,21"},
        {"periode": "Semester II 2026", "ikm": "83,33"},
    ]
    for drawn in (
        "Sekretariat DPRD Kabupaten Balangan",
        "Periode Semester II 2026",
        "IKM 83,33",
        "Mutu B · Baik",
        "Responden: 3 dari 25 anggota DPRD",
        "3,6667",
        "2,0000",
        "80,21",
        "Diterbitkan 1 Desember 2026",
    ):
        assert drawn in texts, drawn
    assert any("Perbaikan AC ruang rapat paripurna" in t for t in texts)
    assert not any("." in t and t.replace(".", "").replace(",", "").isdigit() for t in texts)


def test_square_lists_at_most_two_actions_and_says_how_many_more():
    actions = SAMPLE.actions * 4
    _, texts = render_infographic(replace(SAMPLE, actions=actions), "persegi")
    assert sum("Perbaikan AC" in t for t in texts) == 2
    assert "… dan 2 tindakan lain." in texts


def test_another_institution_and_its_logo_are_drawn(tmp_path):
    logo = BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(logo, format="PNG")
    other = replace(
        SAMPLE, institution="Sekretariat DPRD Kabupaten Tabalong", logo=logo.getvalue()
    )
    png, texts = render_infographic(other, "persegi")
    assert "Sekretariat DPRD Kabupaten Tabalong" in texts
    red = (pixels(png) == np.array([200, 30, 30])).all(axis=2).sum()
    assert red > 1000  # the logo's red square is there, scaled into the header
