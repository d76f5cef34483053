"""The outbox table: every scheduled message is a row before it is a message."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from survey.tables import utcnow


class OutboxRow(SQLModel, table=True):
    """One message to one person; `key` makes a second copy of the same message impossible."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_pending", "sent_at", "failed_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    kind: str = Field(max_length=30)
    body: str = Field(max_length=4000)
    attachment: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    attachment_name: str | None = Field(default=None, max_length=100)
    #: JSON list of [label, action] pairs: buttons under the text (the weekly reminder's items).
    buttons: str | None = Field(default=None, max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    sent_form: str | None = Field(default=None, max_length=30)
    failed_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)


class HeartbeatRow(SQLModel, table=True):
    """The last sign of life of a part of `ikm run` (`scheduler`, `channel:telegram`, …), for
    `/healthz` and `ikm status`: a part whose beat is old has stopped."""

    __tablename__ = "heartbeat"

    name: str = Field(primary_key=True, max_length=50)
    beat_at: datetime = Field(default_factory=utcnow)
