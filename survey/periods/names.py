"""Period names: what a name may hold, and the distinct file name of its exports.

A name is at most 100 characters (the column) of printable text: no control or format
characters (the bidi overrides and isolates among them) and no right-to-left script, which
would reorder what the Sekretaris reads in a list or a chart title. Spaces are collapsed and the
text put in NFC, so two names that look the same are the same name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from survey.ports import DomainError

MAX_NAME = 100
#: Control, format (bidi embeddings, overrides, isolates, marks), private use, surrogates,
#: unassigned, and the line and paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
#: Right-to-left letters and Arabic digits.
_REFUSED_BIDI = frozenset({"R", "AL", "AN"})
_PLAIN = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")
_MAX_SLUG = 80


def checked_name(given: str) -> str:
    """The name to store (spaces collapsed, NFC); DomainError in Indonesian when it is empty,
    longer than `MAX_NAME` or holds a character it may not."""
    for char in given:
        if char in "\t\n\r":
            continue  # typed or pasted line breaks and tabs become one space below
        if (
            unicodedata.category(char) in _REFUSED_CATEGORIES
            or unicodedata.bidirectional(char) in _REFUSED_BIDI
        ):
            raise DomainError(
                f"nama periode memuat karakter yang tidak diizinkan (U+{ord(char):04X}); pakai "
                "huruf, angka, spasi dan tanda baca biasa"
            )
    name = unicodedata.normalize("NFC", " ".join(given.split()))
    if not name:
        raise DomainError("nama periode tidak boleh kosong")
    if len(name) > MAX_NAME:
        raise DomainError(
            f"nama periode terlalu panjang: {len(name)} karakter (paling banyak {MAX_NAME})"
        )
    return name


def file_stem(period_name: str) -> str:
    """The exports' file name without suffix: `ikm-semester-ii-2026` for "Semester II 2026".

    A name of plain ASCII words keeps its readable slug (lowercase words joined by '-'); any
    other name (punctuation, accents, other scripts) adds the first 8 hex digits of its SHA-256,
    since its slug may be another name's: "a/b/c" and "a b c" both slug to `a-b-c`. Plain names
    differing only in case share a stem; the period service refuses the second one."""
    name = unicodedata.normalize("NFC", " ".join(period_name.split()))
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-")
    if _PLAIN.fullmatch(name):
        return f"ikm-{slug}"
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"ikm-{slug[:_MAX_SLUG].rstrip('-') or 'periode'}-{digest}"
