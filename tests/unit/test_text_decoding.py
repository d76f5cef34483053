"""One decoding for every CSV reader: UTF-8 (BOM or not), else cp1252, else Latin-1."""

from __future__ import annotations

import codecs

import pytest

from scoring.text_decoding import decode_text


@pytest.mark.parametrize(
    ("raw", "text", "encoding"),
    [
        ("nama,telepon\nJosé".encode(), "nama,telepon\nJosé", "utf-8-sig"),
        (codecs.BOM_UTF8 + b"nama", "nama", "utf-8-sig"),
        ("Ma\u2019ruf".encode("cp1252"), "Ma\u2019ruf", "cp1252"),
        (b"Zo\xeb \x81", "Zoë \x81", "latin-1"),  # 0x81 is no cp1252 character
    ],
)
def test_each_file_is_read_by_the_first_encoding_that_fits(raw, text, encoding):
    assert decode_text(raw) == (text, encoding)
