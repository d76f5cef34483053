"""The `ikm` console script: dispatch, and one line instead of a traceback on any error.

`ikm score` goes straight to its own parser without loading typer (and through it pydantic):
on a large file the command is compared with a bare pandas script, so start-up counts.
"""

from __future__ import annotations

import re
import sys


def main() -> None:
    """Run the command; domain errors become one line and a non-zero exit, never a trace."""
    try:
        if sys.argv[1:2] == ["score"]:
            from ikm.cli.score import run_score

            run_score(sys.argv[2:])
        else:
            from ikm.cli.app import app

            app(prog_name="ikm")  # `python -m ikm` too: help and errors name `ikm`
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the promise: one line, never a traceback, never a secret
        sys.stderr.write(f"Gagal: {message_for(exc)}\n")
        sys.exit(1)


def message_for(exc: Exception) -> str:
    """Our own errors speak for themselves; anything else is named and masked."""
    # Imported only on the error path, so that start-up stays light.
    from ikm.cli.score import ScoreFailure
    from ikm.cli.support import Failure
    from ikm.settings import SettingsError
    from survey.ports import DomainError
    from survey.questionnaire.model import QuestionnaireError

    ours = (Failure, ScoreFailure, DomainError, SettingsError, QuestionnaireError)
    return str(exc) if isinstance(exc, ours) else f"kesalahan tak terduga: {one_line(exc)}"


#: A Telegram bot token wherever it appears (PTB's InvalidToken message, for one, holds it).
BOT_TOKEN = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}")


def one_line(exc: BaseException) -> str:
    """The error's first line, shortened, with any password in a URL, any bot token and any
    configured secret masked."""
    first = (str(exc).strip().splitlines() or [""])[0]
    first = re.sub(r"(://[^:/@\s]+):[^@\s]+@", r"\1:***@", first)
    first = BOT_TOKEN.sub("***", first)
    for secret in configured_secrets():
        first = first.replace(secret, "***")
    return f"{type(exc).__name__}: " + first[:300]


def configured_secrets() -> list[str]:
    """The secrets the settings hold, if the settings can be read at all."""
    try:
        from ikm.settings import load_settings

        settings = load_settings()
    except Exception:  # a broken setting is reported by itself; nothing to mask from it here
        return []
    return [secret for secret in settings.secret_values() if len(secret) >= 6]
