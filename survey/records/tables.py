"""Tables of the secretariat's activity records behind IK1–IK3, their targets and the audit log."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from survey.tables import utcnow


class TrainingRow(SQLModel, table=True):
    """A training (bimtek, orientasi …) that DPRD members can attend (IK1)."""

    __tablename__ = "training"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="ck_training_dates"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    starts_on: date
    ends_on: date
    organiser: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class AttendanceRow(SQLModel, table=True):
    """A member attended a training; one row per member and training."""

    __tablename__ = "training_attendance"

    training_id: int = Field(foreign_key="training.id", ondelete="CASCADE", primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="RESTRICT", primary_key=True)
    recorded_at: datetime = Field(default_factory=utcnow)


class TaskRow(SQLModel, table=True):
    """A task of the DPRD work plan (kunjungan kerja, rapat kerja, reses …) that needs a report."""

    __tablename__ = "task"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=50)
    bidang: str = Field(max_length=100, index=True)
    due_on: date = Field(index=True)
    created_at: datetime = Field(default_factory=utcnow)


class TaskReportRow(SQLModel, table=True):
    """The report received for a planned task (IK2): at most one per task."""

    __tablename__ = "task_report"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", unique=True)
    received_on: date
    received_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class MeetingRow(SQLModel, table=True):
    """A Raperda meeting of the Bapemperda plan and, once held, how it was facilitated (IK3)."""

    __tablename__ = "raperda_meeting"
    __table_args__ = (
        sa.CheckConstraint(
            "(held_on IS NULL AND standard_met IS NULL) OR held_on IS NOT NULL",
            name="ck_meeting_held",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    agenda: str = Field(max_length=300)
    planned_on: date = Field(index=True)
    held_on: date | None = None
    standard_met: bool | None = None
    missed_items: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class TargetRow(SQLModel, table=True):
    """A yearly target for an indicator, set by the secretariat (percent, or the IKM score)."""

    __tablename__ = "indicator_target"

    code: str = Field(max_length=10, primary_key=True)
    year: int = Field(primary_key=True)
    target: str = Field(max_length=20)
    set_at: datetime = Field(default_factory=utcnow)


class AuditRow(SQLModel, table=True):
    """Who changed which record, when, and what it held before and after (JSON)."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=200)
    action: str = Field(max_length=20)
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=50)
    before: str | None = Field(default=None, max_length=4000)
    after: str | None = Field(default=None, max_length=4000)


class HistoryRow(SQLModel, table=True):
    """A past result imported from the secretariat's own files (2021–2025 were on paper):
    an indicator's value for a year or a period of it ('' = the whole year), with what is
    known behind it. The bot's own numbers take precedence for the same year."""

    __tablename__ = "indicator_history"

    code: str = Field(max_length=10, primary_key=True)
    year: int = Field(primary_key=True)
    period: str = Field(default="", max_length=100, primary_key=True)
    value: str | None = Field(default=None, max_length=20)
    numerator: int | None = None
    denominator: int | None = None
    respondents: int | None = None
    nrr: str | None = Field(default=None, max_length=2000)
    target: str | None = Field(default=None, max_length=20)
    source: str = Field(max_length=255)
    imported_at: datetime = Field(default_factory=utcnow)
