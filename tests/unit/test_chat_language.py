"""Chat speaks Indonesian only: no English word in the catalogue of texts people read."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.chat import texts

#: English words that crept into chat before (`Batalkan (undo)`) and their like.
ENGLISH = re.compile(
    r"\b(undo|cancel|back|next|previous|save|submit|skip|error|invalid|please|help|yes|done|"
    r"page|chart|file|export|reminder|mute|send|failed|success|settings|unknown|select|"
    r"choose|tap|click|on|off|the|and|or|not|of|to|with)\b",
    re.IGNORECASE,
)

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def strings(value: object) -> Iterator[str]:
    """Every string inside a text constant (strings, tuples, dicts)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from strings(item)


def test_no_text_of_the_catalogue_has_an_english_word():
    found = {
        name: ENGLISH.findall(words)
        for name, value in vars(texts).items()
        if name.isupper()
        for words in (PLACEHOLDER.sub(" ", text) for text in strings(value))
        if ENGLISH.search(words)
    }
    assert found == {}


def test_the_scan_would_catch_what_chat_said_before():
    for old in ("Batalkan (undo)", "/pengingat on | off — nyalakan"):
        assert ENGLISH.search(PLACEHOLDER.sub(" ", old)), old


def test_a_saved_record_is_undone_with_an_indonesian_button():
    assert texts.RECORD_UNDO == "Batalkan pencatatan"
    assert len(texts.RECORD_UNDO) <= 20  # a WhatsApp reply button's title
