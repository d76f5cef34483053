"""`ikm score FILE` as scripts call it: the contract's JSON, the summary, one-line errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import run_ikm
from tests.method_examples import EXAMPLE_A_RESPONDENTS as N
from tests.method_examples import EXAMPLE_A_SUMS as EXAMPLE_A


def score(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_ikm("score", *map(str, args), database_url=None, cwd=Path.cwd())


def example_a_rows() -> list[list[int]]:
    """29 rows of 3s and 4s whose column sums are Example A's."""
    columns = {}
    for code, total in EXAMPLE_A.items():
        fours = total - 3 * N
        values = [4] * fours + [3] * (N - fours)
        assert fours >= 0 and sum(values) == total
        columns[code] = values
    return [[columns[c][i] for c in EXAMPLE_A] for i in range(N)]


@pytest.fixture
def example_a(tmp_path: Path) -> Path:
    path = tmp_path / "a.csv"
    rows = [";".join(EXAMPLE_A)] + [";".join(map(str, r)) for r in example_a_rows()]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_json_follows_the_contract(example_a):
    result = score(example_a, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"respondents", "elements", "ikm", "score", "grade", "label", "weight"}
    assert (data["respondents"], data["score"], data["grade"], data["label"]) == (
        29,
        91.48,
        "A",
        "Sangat Baik",
    )
    assert data["ikm"] == 3.659 and data["weight"] == "1/9"
    waktu = next(e for e in data["elements"] if e["code"] == "waktu")
    assert waktu == {"code": "waktu", "answered": 29, "total": 100, "nrr": 3.4483}


def test_legacy_weight_reproduces_the_old_report_and_says_so(example_a):
    data = json.loads(score(example_a, "--json", "--weight", "0.11").stdout)
    assert (data["score"], data["grade"], data["weight"]) == (90.56, "A", "0.11")
    text = score(example_a, "--weight", "0,11").stdout
    assert "90,56" in text and "mode kompatibilitas laporan lama" in text


def test_plain_output_is_a_short_indonesian_summary(example_a):
    text = score(example_a).stdout
    assert "nilai konversi 91,48 (A, Sangat Baik)" in text and "Responden: 29" in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("prosedur,waktu\n3,5\n", "Baris 2, kolom waktu"),
        ("prosedur,waktu\n3,baik\n", "Baris 2, kolom waktu"),
        ("", "kosong"),
        ("nama,umur,kelas\nA,3,X\n", "Kolom tidak dikenal: 'kelas' (C)"),
        ("nama,umur\nA,3\n", "tidak memuat kolom unsur"),
        ("responden\nR1\n", "unsur"),
        ("responden,prosedur\nR1,3\nR1,4\n", "R1"),
    ],
)
def test_bad_files_get_one_line_and_a_non_zero_exit(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    result = score(path)
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_and_bad_weight(tmp_path, example_a):
    missing = score(tmp_path / "tidak-ada.csv")
    assert missing.returncode == 1 and "tidak ditemukan" in missing.stderr
    weight = score(example_a, "--weight", "abc")
    assert weight.returncode == 1 and "Bobot tidak valid" in weight.stderr


def test_population_adds_sample_adequacy(example_a):
    text = score(example_a, "--populasi", "35").stdout
    assert (
        "Sampel belum memadai: 29 dari minimal 32 responden (Krejcie & Morgan, populasi 35)."
        in text
    )
    assert "Sampel memadai" in score(example_a, "--populasi", "30").stdout
    data = json.loads(score(example_a, "--json", "--populasi", "25").stdout)
    assert data["sample"] == {"population": 25, "minimum": 24, "adequate": True}
    bad = score(example_a, "--populasi", "0")
    assert bad.returncode == 1 and "--populasi" in bad.stderr


# Three respondents on the fourteen unsur of KEP/25/M.PAN/2/2004, headed U1…U14.
FOURTEEN = [
    [4, 3, 3, 3, 4, 3, 3, 3, 4, 3, 3, 3, 3, 4],
    [3, 3, 4, 3, 3, 3, 2, 3, 3, 3, 3, 4, 3, 3],
    [3] * 14,
]


def test_fourteen_unsur_with_the_legacy_weight_reproduce_the_old_report(tmp_path):
    path = tmp_path / "skm-2004.csv"
    header = ";".join(f"U{i}" for i in range(1, 15))
    path.write_text("\n".join([header, *(";".join(map(str, r)) for r in FOURTEEN)]) + "\n")
    result = score(path, "--weight", "0.071", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [e["code"] for e in data["elements"]] == [f"U{i}" for i in range(1, 15)]
    assert [e["total"] for e in data["elements"]] == [
        10,
        9,
        10,
        9,
        10,
        9,
        8,
        9,
        10,
        9,
        9,
        10,
        9,
        10,
    ]
    # Σ NRR = 131/3; IKM = 131/3 × 71/1000 = 9301/3000 = 3.10033…; skor = 9301/120 = 77.5083…
    assert (data["ikm"], data["score"], data["grade"]) == (3.1003, 77.51, "B")
    assert data["weight"] == "0.071" and data["legacy_weight"] is True
    exact = json.loads(score(path, "--json").stdout)
    # 1/14: IKM = 131/42 = 3.11904…; skor = 3275/42 = 77.9761…
    assert (exact["ikm"], exact["score"], exact["weight"]) == (3.119, 77.98, "1/14")


def test_notes_name_the_columns_set_aside(tmp_path):
    path = tmp_path / "skm.csv"
    path.write_text("No;Nama;Umur;U1;U2\n1;A;40;4;3\n2;B;51;3;3\n")
    data = json.loads(score(path, "--json").stdout)
    assert data["notes"] == ["Kolom bukan jawaban diabaikan: No (A), Nama (B), Umur (C)."]
    text = score(path).stdout
    assert text.splitlines()[-1] == (
        "Catatan: Kolom bukan jawaban diabaikan: No (A), Nama (B), Umur (C)."
    )
    # NRR 7/2 and 6/2: IKM = 13/4 = 3.25, skor 81.25
    assert data["ikm"] == 3.25 and data["score"] == 81.25


def test_own_unsur_named_on_the_command_line(tmp_path):
    path = tmp_path / "skm.csv"
    path.write_text("Kejelasan Informasi,waktu\n4,3\n2,3\n")
    refused = score(path)
    assert refused.returncode == 1 and "'Kejelasan Informasi' (A)" in refused.stderr
    data = json.loads(score(path, "--unsur", "Kejelasan Informasi", "--json").stdout)
    assert [e["code"] for e in data["elements"]] == ["Kejelasan Informasi", "waktu"]
    assert data["ikm"] == 3.0
