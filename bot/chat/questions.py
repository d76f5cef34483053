"""Plain Indonesian questions that reach the same answers as commands ("berapa IKM sekarang?")."""

from __future__ import annotations

import re
from dataclasses import dataclass

IKM_WORDS = re.compile(r"\b(ikm|indeks kepuasan|kepuasan anggota|skm|nilai kepuasan)\b")
PREVIOUS_WORDS = re.compile(r"\b(lalu|sebelumnya|kemarin|yang lewat)\b")


@dataclass(frozen=True)
class IkmQuestion:
    """A question about the IKM; `previous` asks for the period before the current one, `when`
    holds the words that may name a range ("ikm tahun 2025")."""

    previous: bool = False
    when: str = ""


def interpret(text: str) -> IkmQuestion | None:
    """Recognise a question about the IKM, or None when it is something else."""
    words = " ".join(text.casefold().replace("?", " ").split())
    if not IKM_WORDS.search(words):
        return None
    return IkmQuestion(previous=bool(PREVIOUS_WORDS.search(words)), when=words)


INDICATOR_WORDS = (
    ("IK1", re.compile(r"\b(pelatihan|bimtek|diklat|pengembangan kapasitas|ik ?1)\b")),
    ("IK2", re.compile(r"\b(laporan tugas|pelaksanaan tugas|rencana tugas|ik ?2)\b")),
    ("IK3", re.compile(r"\b(raperda|perda|bapemperda|ik ?3)\b")),
    (None, re.compile(r"\b(indikator|capaian|kinerja)\b")),
)
QUESTION_START = re.compile(r"^(berapa|apa|apakah|bagaimana|kapan|siapa)\b")


@dataclass(frozen=True)
class IndicatorQuestion:
    """A question about IK1–IK3: the indicator (None: all of them) and the words that say
    when (read by survey.indicators.spoken_ranges.read_range against today's date)."""

    code: str | None
    when: str = ""


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("?", " ").split())


def interpret_indicator(text: str) -> IndicatorQuestion | None:
    """Recognise a question about an indicator ("laporan tugas bulan ini"), or None."""
    words = _words(text)
    for code, pattern in INDICATOR_WORDS:
        if pattern.search(words):
            return IndicatorQuestion(code, words)
    return None


def looks_like_question(text: str) -> bool:
    """Ends with "?" or starts with a question word (berapa, apa, bagaimana, kapan, siapa)."""
    stripped = text.strip()
    return stripped.endswith("?") or bool(QUESTION_START.match(_words(stripped)))
