"""The WhatsApp channel's own rows: messages already handled, and when each number last wrote."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from survey.tables import utcnow


class WhatsAppHandledRow(SQLModel, table=True):
    """A WhatsApp message that was handled: a retried delivery of it is skipped, even after a
    restart. Only an HMAC of its id (ids encode the sender's number) and when it arrived, kept
    for the retry window; never who sent it or what it said."""

    __tablename__ = "whatsapp_handled"

    message_id: str = Field(primary_key=True, max_length=255)
    received_at: datetime = Field(default_factory=utcnow, index=True)


class WhatsAppContactRow(SQLModel, table=True):
    """When a WhatsApp number last wrote: free-form messages may follow within 24 hours, after
    that only approved templates."""

    __tablename__ = "whatsapp_contact"

    wa_id: str = Field(primary_key=True, max_length=32)
    last_inbound_at: datetime


class InstallationSecretRow(SQLModel, table=True):
    """A random key made once per installation (migration 0007), by name."""

    __tablename__ = "installation_secret"

    name: str = Field(primary_key=True, max_length=50)
    value: str = Field(max_length=64)
