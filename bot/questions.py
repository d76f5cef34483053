"""Plain Indonesian questions that reach the same answers as commands ("berapa IKM sekarang?")."""

from __future__ import annotations

import re
from dataclasses import dataclass

IKM_WORDS = re.compile(r"\b(ikm|indeks kepuasan|kepuasan anggota|skm|nilai kepuasan)\b")
PREVIOUS_WORDS = re.compile(r"\b(lalu|sebelumnya|kemarin|yang lewat)\b")


@dataclass(frozen=True)
class IkmQuestion:
    """A question about the IKM; `previous` asks for the period before the current one."""

    previous: bool = False


def interpret(text: str) -> IkmQuestion | None:
    """Recognise a question about the IKM, or None when it is something else."""
    words = " ".join(text.casefold().replace("?", " ").split())
    if not IKM_WORDS.search(words):
        return None
    return IkmQuestion(previous=bool(PREVIOUS_WORDS.search(words)))
