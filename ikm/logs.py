"""Logging for `ikm run`: one format, quiet HTTP libraries, secrets redacted everywhere, and
never what a member said next to who said it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime


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


#: Record attributes a log call may give (`extra=`) that the JSON form carries when present.
FIELDS = ("channel", "update_id", "event")
#: The channel of our own loggers' lines that do not name one.
CHANNEL_LOGGERS = {"bot.telegram.channel": "telegram", "bot.whatsapp.channel": "whatsapp"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and where known
    channel, update_id and event. The message is the one the filters left (redacted)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if "channel" not in line:
            for prefix, channel in CHANNEL_LOGGERS.items():
                if record.name.startswith(prefix):
                    line["channel"] = channel
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(secrets: Iterable[str], level: int = logging.INFO, form: str = "text") -> None:
    """Log to stderr with secrets redacted, as text or (`form="json"`) one JSON object a line;
    httpx logs every request URL, which holds the token."""
    handler = logging.StreamHandler()
    if form == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Private())
    handler.addFilter(Redact(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
