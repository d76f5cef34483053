"""Logging for `ikm run`: one format, quiet HTTP libraries, secrets redacted everywhere, and
never what a member said next to who said it."""

from __future__ import annotations

import logging
from collections.abc import Iterable


class Redact(logging.Filter):
    """Replaces every configured secret in a record's final message with `***`."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once, redacted, so no argument can carry a secret out."""
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        for secret in self.secrets:
            message = message.replace(secret, "***")
        record.msg, record.args = message, None
        return True


#: Libraries whose debug and info lines carry whole updates or requests: a chat id beside the
#: text of an answer, a review screen or a saran. Only their warnings and errors are written.
CHATTY = ("telegram", "pywa", "pywa_async", "httpx", "httpcore", "sqlalchemy", "aiosqlite")


class Private(logging.Filter):
    """Drops the chat libraries' lines below WARNING, whatever level was asked for."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep our own lines at any level; a library's only from WARNING up."""
        if record.levelno >= logging.WARNING:
            return True
        return not any(record.name == n or record.name.startswith(n + ".") for n in CHATTY)


def configure(secrets: Iterable[str], level: int = logging.INFO) -> None:
    """Log to stderr with secrets redacted; httpx logs every request URL, which holds the token."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Private())
    handler.addFilter(Redact(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
