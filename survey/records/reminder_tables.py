"""Who takes the weekly reminder of records due (staf opt in; anyone may mute it for a while)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from survey.tables import utcnow


class ReminderSettingRow(SQLModel, table=True):
    """A person's choice about the weekly reminder: opted in (staf), muted until a date."""

    __tablename__ = "reminder_setting"

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    opted_in: bool = False
    muted_until: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)
