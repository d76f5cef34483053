"""Database tables (SQLModel). Services map rows to domain dataclasses; rows never leave them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from survey.people.model import Role


def utcnow() -> datetime:
    """The current instant, timezone-aware UTC (the only form stored)."""
    return datetime.now(UTC)


_role: sa.ColumnClause[str] = sa.column("role", sa.String)
_bidang: sa.ColumnClause[str] = sa.column("bidang", sa.String)


class PersonRow(SQLModel, table=True):
    """A roster person; deactivated members keep their history."""

    __tablename__ = "person"
    __table_args__ = (
        sa.CheckConstraint(_role.in_([role.value for role in Role]), name="ck_person_role"),
        sa.CheckConstraint(
            sa.or_(_role != Role.KABID.value, _bidang.is_not(None)), name="ck_person_kabid_bidang"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    phone: str = Field(max_length=20, unique=True)
    role: str = Field(max_length=20)
    bidang: str | None = Field(default=None, max_length=100)
    active: bool = Field(default=True)
    demo: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deactivated_at: datetime | None = None


class ChatAccountRow(SQLModel, table=True):
    """A chat account bound to a roster person: one per person per channel."""

    __tablename__ = "chat_account"
    __table_args__ = (
        sa.UniqueConstraint("channel", "external_id", name="uq_chat_account_external"),
        sa.UniqueConstraint("channel", "person_id", name="uq_chat_account_person"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    external_id: str = Field(max_length=100)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    bound_at: datetime = Field(default_factory=utcnow)


class InviteRow(SQLModel, table=True):
    """A personal single-use invite; only a hash of its token is stored."""

    __tablename__ = "invite"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


#: "The open period" in SQL: `period.status = 'open'` with the value as a literal. A bound value
#: compared with the column of a partial index (uq_period_single_open, below) makes SQLite
#: re-prepare the statement on every run, since the value decides whether the index applies;
#: for the survey step's five-table read that cost ten times the read itself.
OPEN_STATUS: sa.ColumnElement[str] = sa.literal_column("'open'")


class PeriodRow(SQLModel, table=True):
    """A survey period; at most one is open, and it freezes its questionnaire version."""

    __tablename__ = "period"
    __table_args__ = (
        sa.CheckConstraint("status IN ('open', 'closed')", name="ck_period_status"),
        sa.Index(
            "uq_period_single_open",
            "status",
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    starts_on: date
    ends_on: date | None = None
    questionnaire_version: str = Field(max_length=50)
    status: str = Field(default="open", max_length=10)
    opened_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None


class DraftRow(SQLModel, table=True):
    """A member's survey in progress; written after every answer, deleted on submit."""

    __tablename__ = "survey_draft"
    __table_args__ = (sa.UniqueConstraint("person_id", "period_id", name="uq_draft_person"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    period_id: int = Field(foreign_key="period.id", ondelete="CASCADE")
    stage: str = Field(max_length=20)
    position: int = 0
    answers: str = Field(default="{}", max_length=2000)
    saran: str | None = Field(default=None, max_length=1000)
    editing: bool = False
    confirming_cancel: bool = False
    updated_at: datetime = Field(default_factory=utcnow)


class ParticipationRow(SQLModel, table=True):
    """Who has submitted in which period (never what, never when). Keyed by (period, person)
    with no id of its own; on SQLite without a rowid, so not even storage order follows the
    order of submission."""

    __tablename__ = "participation"
    __table_args__ = {"sqlite_with_rowid": False}

    period_id: int = Field(foreign_key="period.id", ondelete="RESTRICT", primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="RESTRICT", primary_key=True)


def new_response_id() -> str:
    """A random id, so that row order cannot be matched to participation order."""
    return uuid.uuid4().hex


class SealedResponseRow(SQLModel, table=True):
    """A submitted response waiting in the sealed pool (survey/periods/pool.py) until it can be
    released with at least k others: no member, no time, a random id, answers as JSON
    code → 1..4."""

    __tablename__ = "sealed_response"
    __table_args__ = {"sqlite_with_rowid": False}

    id: str = Field(default_factory=new_response_id, primary_key=True, max_length=32)
    period_id: int = Field(foreign_key="period.id", ondelete="RESTRICT", index=True)
    questionnaire_version: str = Field(max_length=50)
    answers: str = Field(max_length=2000)
    saran: str | None = Field(default=None, max_length=1000)


class ResponseRow(SQLModel, table=True):
    """A released response: no member, no time, a fresh random id given at release."""

    __tablename__ = "response"

    id: str = Field(default_factory=new_response_id, primary_key=True, max_length=32)
    period_id: int = Field(foreign_key="period.id", ondelete="RESTRICT", index=True)
    questionnaire_version: str = Field(max_length=50)
    saran: str | None = Field(default=None, max_length=1000)


class AnswerRow(SQLModel, table=True):
    """One answer of a response; the period is repeated so the IKM is one indexed GROUP BY."""

    __tablename__ = "response_answer"
    __table_args__ = (
        sa.CheckConstraint("value BETWEEN 1 AND 4", name="ck_answer_value"),
        sa.Index("ix_answer_period_element", "period_id", "element", "value"),
    )

    response_id: str = Field(foreign_key="response.id", ondelete="CASCADE", primary_key=True)
    element: str = Field(max_length=30, primary_key=True)
    period_id: int = Field(foreign_key="period.id", ondelete="RESTRICT")
    value: int = Field(sa_type=sa.SmallInteger)
