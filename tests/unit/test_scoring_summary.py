"""Behaviour of the JSON and Indonesian text renderings of an IKM result."""

import json
from fractions import Fraction

from scoring.ikm import ElementTally, IkmResult, compute_ikm, parse_weight
from scoring.summary import result_to_json, summary_lines

SIX_SUMS = {"prosedur": 101, "waktu": 100, "produk": 102, "kompetensi": 105, "perilaku": 106}


def six_unsur(sarana_answered: int = 29, weight: Fraction | None = None) -> IkmResult:
    tallies = [ElementTally(code, total, 29) for code, total in SIX_SUMS.items()]
    tallies.append(ElementTally("sarana", 105 if sarana_answered else 0, sarana_answered))
    return compute_ikm(tallies, 29, weight)


def test_json_has_exactly_the_agreed_keys_and_display_values() -> None:
    payload = result_to_json(six_unsur())
    assert list(payload) == [
        "respondents", "elements", "ikm", "score", "grade", "label", "weight", "legacy_weight",
    ]  # fmt: skip
    assert payload["respondents"] == 29
    assert payload["elements"][1] == {"code": "waktu", "answered": 29, "total": 100, "nrr": 3.4483}
    assert payload["ikm"] == 3.5575
    assert payload["score"] == 88.94
    assert (payload["grade"], payload["label"]) == ("A", "Sangat Baik")
    assert payload["weight"] == "1/6"
    assert payload["legacy_weight"] is False
    json.dumps(payload)


def test_json_of_legacy_weight_shows_the_decimal_weight() -> None:
    payload = result_to_json(six_unsur(weight=parse_weight("0,17")))
    assert payload["weight"] == "0.17"
    assert payload["legacy_weight"] is True


def test_json_without_data_uses_null_never_zero() -> None:
    payload = result_to_json(six_unsur(sarana_answered=0))
    assert payload["ikm"] is None
    assert payload["score"] is None
    assert payload["grade"] is None
    assert payload["label"] is None
    assert payload["elements"][-1]["nrr"] is None


def test_summary_lines_read_like_a_short_report() -> None:
    lines = summary_lines(six_unsur())
    assert lines[0] == "IKM 3,5575 — nilai konversi 88,94 (A, Sangat Baik)"
    assert lines[1] == "Responden: 29"
    assert "prosedur: NRR 3,4828 (101/29)" in lines
    assert lines[-1] == "Prioritas perbaikan: waktu (NRR 3,4483)"


def test_summary_labels_a_legacy_weight() -> None:
    lines = summary_lines(six_unsur(weight=parse_weight("0.17")))
    notice = "dihitung dengan bobot 0,17 (mode kompatibilitas laporan lama), bukan 1/n"
    assert lines[-1] == notice


def test_summary_without_data_names_the_missing_unsur() -> None:
    lines = summary_lines(six_unsur(sarana_answered=0))
    assert lines[0] == "IKM belum dapat dihitung: belum ada data untuk unsur sarana"
    assert "sarana: belum ada data (0 jawaban)" in lines


def test_summary_has_no_priority_when_every_unsur_ties() -> None:
    result = compute_ikm([ElementTally("prosedur", 4, 1), ElementTally("waktu", 4, 1)], 1)
    assert not any(line.startswith("Prioritas") for line in summary_lines(result))
