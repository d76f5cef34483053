"""Questionnaire definitions: the shipped ones load, broken ones fail with a readable reason."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pydantic import ValidationError

from survey.questionnaire.model import (
    DEFAULT_VERSION,
    KNOWN_ELEMENTS,
    QuestionnaireError,
    available_versions,
    load_questionnaire,
    parse_questionnaire,
)

VALID: dict[str, Any] = {
    "version": "uji-2-v1",
    "title": "Survei uji",
    "saran_prompt": "Kritik dan saran",
    "elements": [
        {
            "code": "prosedur",
            "name": "Prosedur",
            "question": "Bagaimana kemudahan prosedur layanan?",
            "options": ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
        },
        {
            "code": "waktu",
            "name": "Waktu",
            "question": "Bagaimana kecepatan layanan?",
            "options": ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
        },
    ],
}


def definition(change=lambda d: None) -> str:
    """The valid definition as JSON text, after `change` edits a copy of it."""
    data = copy.deepcopy(VALID)
    change(data)
    return json.dumps(data)


def element(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    item: dict[str, Any] = data["elements"][index]
    return item


def refusal(text: str) -> str:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "x.json")
    return str(caught.value)


# --- shipped definitions ---------------------------------------------------------------------


def test_the_default_questionnaire_is_the_six_unsur_dprd_one():
    q = load_questionnaire()

    assert DEFAULT_VERSION == "dprd-6-v1"
    assert q.version == "dprd-6-v1"
    assert q.codes == ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
    assert q.saran_prompt


def test_the_nine_unsur_questionnaire_has_every_known_unsur_once():
    q = load_questionnaire("permenpanrb-9-v1")

    assert q.version == "permenpanrb-9-v1"
    assert len(q.codes) == 9
    assert set(q.codes) == KNOWN_ELEMENTS


def test_both_shipped_versions_are_available():
    assert available_versions() == ["dprd-6-v1", "permenpanrb-9-v1"]


@pytest.mark.parametrize("version", ["dprd-6-v1", "permenpanrb-9-v1"])
def test_every_shipped_element_has_four_labelled_options_and_a_question(version):
    for item in load_questionnaire(version).elements:
        assert len(item.options) == 4
        assert all(label.strip() for label in item.options)
        assert item.question.endswith("?")
        assert len(set(item.options)) == 4


def test_the_dprd_questionnaire_asks_no_demographic_questions():
    q = load_questionnaire()

    # Only the nine unsur codes validate, so no question about the respondent can slip in.
    assert set(q.codes) < KNOWN_ELEMENTS
    assert len(q.elements) == 6


def test_loading_twice_gives_the_same_validated_object():
    assert load_questionnaire("dprd-6-v1") is load_questionnaire("dprd-6-v1")
    assert load_questionnaire("dprd-6-v1") == load_questionnaire()


def test_label_maps_scores_one_to_four_onto_the_options():
    sarana = load_questionnaire().element("sarana")

    assert [sarana.label(v) for v in (1, 2, 3, 4)] == ["Buruk", "Cukup", "Baik", "Sangat baik"]


def test_element_looks_up_by_code_and_refuses_an_unsur_not_asked():
    q = load_questionnaire()

    assert q.element("waktu").name == "Waktu Penyelesaian"
    with pytest.raises(KeyError):
        q.element("biaya")


def test_a_loaded_questionnaire_cannot_be_changed():
    q = load_questionnaire()

    with pytest.raises(ValidationError):
        q.title = "lain"  # type: ignore[misc]


def test_an_unknown_version_is_refused_with_the_versions_available():
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire("nope")

    message = str(caught.value)
    assert "'nope'" in message
    assert "dprd-6-v1" in message
    assert "permenpanrb-9-v1" in message


# --- parsing ---------------------------------------------------------------------------------


def test_a_valid_definition_parses_in_order():
    q = parse_questionnaire(definition(), "x.json")

    assert q.codes == ("prosedur", "waktu")
    assert q.version == "uji-2-v1"


def test_an_unknown_unsur_code_is_refused_naming_it_and_the_known_ones():
    message = refusal(definition(lambda d: element(d).update(code="usia")))

    assert message.startswith("x.json: elements.0.code:")
    assert "kode unsur 'usia' tidak dikenal" in message
    assert "persyaratan" in message


def test_duplicate_codes_are_refused_naming_the_code():
    message = refusal(definition(lambda d: element(d, 1).update(code="prosedur")))

    assert message.startswith("x.json:")
    assert "kode unsur ganda: prosedur" in message


def test_three_options_are_refused():
    message = refusal(definition(lambda d: element(d).update(options=["a", "b", "c"])))

    assert message.startswith("x.json: elements.0.options")


def test_five_options_are_refused():
    five = ["a", "b", "c", "d", "e"]

    message = refusal(definition(lambda d: element(d).update(options=five)))

    assert message.startswith("x.json: elements.0.options:")
    assert "4" in message


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_option_label_is_refused(blank):
    labels = ["Buruk", blank, "Baik", "Sangat baik"]

    message = refusal(definition(lambda d: element(d).update(options=labels)))

    assert message.startswith("x.json: elements.0.options:")
    assert "setiap pilihan jawaban harus berlabel" in message


@pytest.mark.parametrize("text", ['{"version": ', "", "not json", "{'version': 'x'}"])
def test_invalid_json_is_refused_as_not_json(text):
    message = refusal(text)

    assert message.startswith("x.json: bukan JSON yang sah")
    assert "baris 1" in message


def test_invalid_json_names_the_line_of_the_mistake():
    assert "baris 3" in refusal('{\n  "version": "a",\n  oops\n}')


def test_a_definition_without_elements_is_refused():
    message = refusal(definition(lambda d: d.update(elements=[])))

    assert message.startswith("x.json: elements:")


def test_an_unexpected_field_is_refused():
    message = refusal(definition(lambda d: element(d).update(demografi=True)))

    assert message.startswith("x.json: elements.0.demografi:")


def test_a_too_short_question_is_refused():
    message = refusal(definition(lambda d: element(d).update(question="Baik?")))

    assert message.startswith("x.json: elements.0.question:")


def test_a_version_that_is_not_a_simple_slug_is_refused():
    message = refusal(definition(lambda d: d.update(version="../etc")))

    assert message.startswith("x.json: version:")


def test_a_definition_that_is_not_an_object_is_refused_at_the_root():
    assert refusal("[]").startswith("x.json: (akar):")


def test_only_one_mistake_is_reported_even_when_there_are_several():
    def break_twice(d: dict[str, Any]) -> None:
        element(d).update(code="usia")
        element(d, 1).update(options=["a"])

    message = refusal(definition(break_twice))

    assert message.count("x.json") == 1
    assert "\n" not in message
