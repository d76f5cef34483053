"""Plain questions are recognised; secrets never reach a log line."""

from __future__ import annotations

import logging

import pytest

from bot.chat.questions import IkmQuestion, interpret
from ikm.logs import Redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("berapa IKM sekarang?", IkmQuestion(when="berapa ikm sekarang")),
        (
            "Berapa nilai indeks kepuasan anggota?",
            IkmQuestion(when="berapa nilai indeks kepuasan anggota"),
        ),
        ("ikm semester lalu", IkmQuestion(previous=True, when="ikm semester lalu")),
        (
            "IKM periode sebelumnya berapa",
            IkmQuestion(previous=True, when="ikm periode sebelumnya berapa"),
        ),
        ("ruang rapat panas", None),
        ("3", None),
        ("bikmo", None),
    ],
)
def test_questions_about_the_ikm_are_recognised(text, expected):
    assert interpret(text) == expected


def test_token_is_redacted_from_message_arguments_and_tracebacks():
    token = "123456:SECRET-abcdef"
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "call %s failed", (token,), None)
    try:
        raise RuntimeError(f"https://api.telegram.org/bot{token}/getMe")
    except RuntimeError as exc:
        record.exc_info = (type(exc), exc, exc.__traceback__)
    assert Redact([token]).filter(record)
    rendered = logging.Formatter().format(record)
    assert token not in rendered and "call *** failed" in rendered and "bot***/getMe" in rendered
