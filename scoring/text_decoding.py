"""The text of a CSV file however it was saved: one decoding for every spreadsheet reader."""

from __future__ import annotations

#: Tried in order: UTF-8 (a leading BOM dropped), then Windows-1252 as Excel exports a CSV.
ENCODINGS = ("utf-8-sig", "cp1252")


def decode_text(raw: bytes) -> tuple[str, str]:
    """The text of `raw` and the encoding that read it: UTF-8 (with or without BOM), else
    cp1252, else Latin-1, which decodes any byte and so never fails."""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"
