"""The NRR chart, the report's Indonesian dates and its file names."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from scoring.chart import render_chart
from scoring.dates import format_day, format_moment
from scoring.ikm import ElementTally, compute_ikm
from scoring.numbers import parse_weight
from survey.periods.report import file_stem
from tests.method_examples import EXAMPLE_A_RESPONDENTS, EXAMPLE_A_SUMS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NAMES = {code: code.capitalize() for code in EXAMPLE_A_SUMS}


def example_a(weight=None):
    tallies = [ElementTally(c, t, EXAMPLE_A_RESPONDENTS) for c, t in EXAMPLE_A_SUMS.items()]
    return compute_ikm(tallies, EXAMPLE_A_RESPONDENTS, weight)


def test_chart_is_a_1000_by_600_png_and_renders_the_same_twice():
    png = render_chart(example_a(), NAMES, "IKM periode Semester II 2026")
    assert png.startswith(PNG_SIGNATURE) and len(png) > 10_000
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (1000, 600)
    assert render_chart(example_a(), NAMES, "IKM periode Semester II 2026") == png


@pytest.mark.parametrize(
    "result",
    [
        example_a(parse_weight("0.11")),
        compute_ikm([ElementTally("waktu", 4, 1), ElementTally("sarana", 0, 0)], 1),
        compute_ikm([ElementTally("waktu", 1, 1)], 1),
    ],
    ids=["legacy weight", "an unsur without answers", "lowest score"],
)
def test_chart_renders_legacy_missing_and_low_results(result):
    png = render_chart(result, {}, "IKM")
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1000, 600)


def test_dates_are_written_the_indonesian_way():
    assert format_day(date(2026, 7, 1)) == "1 Juli 2026"
    moment = datetime(2026, 12, 31, 16, 5, tzinfo=UTC).astimezone(ZoneInfo("Asia/Makassar"))
    assert format_moment(moment) == "1 Januari 2027 pukul 00.05 WITA"
    with pytest.raises(ValueError, match="timezone-aware"):
        format_moment(datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Semester II 2026", "ikm-semester-ii-2026"),
        ("  Semester   II 2026 ", "ikm-semester-ii-2026"),
        ("Triwulan I / 2026", "ikm-triwulan-i-2026-6498ebbb"),
        ("Évaluasi Ké-2", "ikm-evaluasi-ke-2-d333f6e1"),
        ("///", "ikm-periode-732c4e97"),
    ],
)
def test_file_names_come_from_the_period_name(name, stem):
    assert file_stem(name) == stem
