"""The follow-up actions table: what the secretariat does about an unsur of a period's results."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from survey.tables import utcnow


class FollowUpRow(SQLModel, table=True):
    """One action of a period's follow-up plan: the unsur, what, which bidang, by when, and
    how far it got (`rencana`, `berjalan`, `selesai`) with a short note."""

    __tablename__ = "follow_up"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('rencana', 'berjalan', 'selesai')", name="ck_follow_up_status"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", ondelete="RESTRICT", index=True)
    element: str = Field(max_length=40)
    action: str = Field(max_length=500)
    bidang: str = Field(max_length=100, index=True)
    due_on: date
    status: str = Field(default="rencana", max_length=10)
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
