"""Questionnaire definitions: versioned data files, validated once at start-up."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from scoring.elements import STANDARD_ELEMENTS

#: The nine unsur of PermenPANRB 14/2017 (IKM-METHOD.md §2): stored by code, never by position.
KNOWN_ELEMENTS = frozenset(STANDARD_ELEMENTS)
DEFAULT_VERSION = "dprd-6-v1"
VALUES = (1, 2, 3, 4)


class QuestionnaireError(ValueError):
    """A questionnaire definition that cannot be used, with a readable reason."""


class Element(BaseModel):
    """One unsur: its code, name, question and the four labels for scores 1..4."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str = Field(min_length=1)
    question: str = Field(min_length=10)
    options: tuple[str, str, str, str]

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        if code not in KNOWN_ELEMENTS:
            known = ", ".join(sorted(KNOWN_ELEMENTS))
            raise ValueError(f"kode unsur '{code}' tidak dikenal (yang dikenal: {known})")
        return code

    @field_validator("options")
    @classmethod
    def _labels_present(cls, options: tuple[str, ...]) -> tuple[str, ...]:
        if any(not label.strip() for label in options):
            raise ValueError("setiap pilihan jawaban harus berlabel")
        return options

    def label(self, value: int) -> str:
        """The label of score `value` (1..4)."""
        return self.options[value - 1]


class Questionnaire(BaseModel):
    """An ordered, versioned set of unsur with their questions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    title: str
    saran_prompt: str
    elements: tuple[Element, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_codes(self) -> Questionnaire:
        codes = [e.code for e in self.elements]
        doubles = sorted({c for c in codes if codes.count(c) > 1})
        if doubles:
            raise ValueError(f"kode unsur ganda: {', '.join(doubles)}")
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        """The unsur codes in question order."""
        return tuple(e.code for e in self.elements)

    def element(self, code: str) -> Element:
        """The element with `code`; KeyError if it is not in this questionnaire."""
        for element in self.elements:
            if element.code == code:
                return element
        raise KeyError(code)


def parse_questionnaire(text: str, source: str) -> Questionnaire:
    """Validate a definition's JSON text; every mistake becomes one QuestionnaireError."""
    try:
        return Questionnaire.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        message = f"{source}: bukan JSON yang sah ({exc.msg}, baris {exc.lineno})"
        raise QuestionnaireError(message) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(akar)"
        raise QuestionnaireError(f"{source}: {where}: {first['msg']}") from None


def available_versions() -> list[str]:
    """The versions shipped in the package, sorted."""
    folder = resources.files("survey.questionnaire") / "questionnaires"
    return sorted(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )


@cache
def load_questionnaire(version: str = DEFAULT_VERSION) -> Questionnaire:
    """Load and validate a shipped definition by version; the file name must match it."""
    if version not in available_versions():
        shipped = ", ".join(available_versions())
        raise QuestionnaireError(f"kuesioner '{version}' tidak ada (tersedia: {shipped})")
    source = f"{version}.json"
    text = (resources.files("survey.questionnaire") / "questionnaires" / source).read_text("utf-8")
    questionnaire = parse_questionnaire(text, source)
    if questionnaire.version != version:
        raise QuestionnaireError(f"{source}: versi di dalam berkas '{questionnaire.version}'")
    return questionnaire
