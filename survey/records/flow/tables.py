"""The recording desk: one row per staff member, holding the chat flow in progress and the last
save that can be undone, so a restart resumes where the person left off."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from survey.tables import utcnow


class RecordFlowRow(SQLModel, table=True):
    """A person's recording flow (`kind` None when idle) and their latest save's audit ids."""

    __tablename__ = "record_flow"

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    kind: str | None = Field(default=None, max_length=20)
    step: str = Field(default="", max_length=30)
    data: str = Field(default="{}", max_length=4000)
    version: int = Field(default=0)
    undo_first: int | None = None
    undo_last: int | None = None
    updated_at: datetime = Field(default_factory=utcnow)
