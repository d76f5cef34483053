"""Anonymity that holds in storage: who (participation) and what (responses) never meet.

- `participation` is keyed by (period, person), with no id, no time and (SQLite) no rowid, and
  is rewritten in key order, so its storage no longer follows the order of submission.
- `sealed_response`: the pool where a submitted response waits until it is released with at
  least k others (survey/periods/pool.py).
- The responses already stored are rewritten in random order under fresh random ids: until now
  their storage order matched participation's.
- `installation_secret`: a random key per installation; WhatsApp message ids are kept only as
  an HMAC under it (bot/whatsapp/inbox.py), and the ids kept so far are converted.

The old tables are dropped rather than updated, so no dead row version or freed page of them
remains (PostgreSQL unlinks a dropped table's files; SQLite zeroes freed pages, secure_delete).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 16:00:00.000000
"""

import hashlib
import hmac
import json
import secrets
import uuid
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHATSAPP_KEY = "whatsapp-message-id"
String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "sealed_response",
        sa.Column("id", String(length=32), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_version", String(length=50), nullable=False),
        sa.Column("answers", String(length=2000), nullable=False),
        sa.Column("saran", String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_sealed_response_period_id", "sealed_response", ["period_id"])
    _participation_by_key()
    _responses_reshuffled()
    _whatsapp_ids_hashed()


def _participation_by_key() -> None:
    op.create_table(
        "participation_new",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("period_id", "person_id"),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO participation_new (period_id, person_id) "
        "SELECT period_id, person_id FROM participation ORDER BY period_id, person_id"
    )
    op.drop_table("participation")
    _rename("participation_new", "participation")


def _responses_reshuffled() -> None:
    bind = op.get_bind()
    responses = bind.execute(
        sa.text("SELECT id, period_id, questionnaire_version, saran FROM response")
    ).all()
    answers: defaultdict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for response_id, element, period_id, value in bind.execute(
        sa.text("SELECT response_id, element, period_id, value FROM response_answer")
    ):
        answers[response_id].append((element, period_id, value))
    new_response, new_answer = _response_tables("response_new", "response_answer_new")
    rows = list(responses)
    secrets.SystemRandom().shuffle(rows)
    fresh = [(uuid.uuid4().hex, row) for row in rows]
    if fresh:
        bind.execute(
            new_response.insert(),
            [
                {
                    "id": new,
                    "period_id": r.period_id,
                    "questionnaire_version": r[2],
                    "saran": r.saran,
                }
                for new, r in fresh
            ],
        )
    given = [
        {"response_id": new, "element": element, "period_id": period_id, "value": value}
        for new, r in fresh
        for element, period_id, value in answers[r.id]
    ]
    if given:
        bind.execute(new_answer.insert(), given)
    op.drop_index("ix_answer_period_element", table_name="response_answer")
    op.drop_table("response_answer")
    op.drop_index("ix_response_period_id", table_name="response")
    op.drop_table("response")
    _rename("response_new", "response")
    _rename("response_answer_new", "response_answer")
    op.create_index("ix_response_period_id", "response", ["period_id"])
    op.create_index(
        "ix_answer_period_element", "response_answer", ["period_id", "element", "value"]
    )


def _response_tables(response: str, answer: str) -> tuple[sa.Table, sa.Table]:
    new_response = op.create_table(
        response,
        sa.Column("id", String(length=32), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_version", String(length=50), nullable=False),
        sa.Column("saran", String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    new_answer = op.create_table(
        answer,
        sa.Column("response_id", String(), nullable=False),
        sa.Column("element", String(length=30), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("value BETWEEN 1 AND 4", name="ck_answer_value"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["response_id"], [f"{response}.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("response_id", "element"),
    )
    assert new_response is not None and new_answer is not None
    return new_response, new_answer


def _rename(old: str, new: str) -> None:
    """Rename a table; on PostgreSQL its primary key's name follows (`new_pkey`)."""
    op.rename_table(old, new)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'ALTER TABLE "{new}" RENAME CONSTRAINT "{old}_pkey" TO "{new}_pkey"')


def _whatsapp_ids_hashed() -> None:
    secret = op.create_table(
        "installation_secret",
        sa.Column("name", String(length=50), nullable=False),
        sa.Column("value", String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    assert secret is not None
    key = secrets.token_hex(32)
    bind = op.get_bind()
    bind.execute(secret.insert(), [{"name": WHATSAPP_KEY, "value": key}])
    handled = bind.execute(sa.text("SELECT message_id, received_at FROM whatsapp_handled")).all()
    bind.execute(sa.text("DELETE FROM whatsapp_handled"))
    for message_id, received_at in handled:
        digest = hmac.new(bytes.fromhex(key), message_id.encode(), hashlib.sha256).hexdigest()
        bind.execute(
            sa.text("INSERT INTO whatsapp_handled (message_id, received_at) VALUES (:m, :r)"),
            {"m": digest, "r": received_at},
        )


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM whatsapp_handled"))  # hashed ids cannot be turned back
    op.drop_table("installation_secret")
    for row in bind.execute(
        sa.text("SELECT id, period_id, questionnaire_version, answers, saran FROM sealed_response")
    ).all():  # the pool goes to the results as it is: the old schema had no pool
        bind.execute(
            sa.text(
                "INSERT INTO response (id, period_id, questionnaire_version, saran) "
                "VALUES (:id, :period_id, :version, :saran)"
            ),
            {"id": row.id, "period_id": row.period_id, "version": row[2], "saran": row.saran},
        )
        for element, value in json.loads(row.answers).items():
            bind.execute(
                sa.text(
                    "INSERT INTO response_answer (response_id, element, period_id, value) "
                    "VALUES (:r, :e, :p, :v)"
                ),
                {"r": row.id, "e": element, "p": row.period_id, "v": value},
            )
    op.drop_index("ix_sealed_response_period_id", table_name="sealed_response")
    op.drop_table("sealed_response")
    op.create_table(
        "participation_old",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "period_id", name="uq_participation_person_period_old"),
    )
    op.execute(
        "INSERT INTO participation_old (person_id, period_id) "
        "SELECT person_id, period_id FROM participation ORDER BY period_id, person_id"
    )
    op.drop_table("participation")
    _rename("participation_old", "participation")
    if bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE participation RENAME CONSTRAINT uq_participation_person_period_old "
            "TO uq_participation_person_period"
        )
    else:
        with op.batch_alter_table("participation") as batch:
            batch.drop_constraint("uq_participation_person_period_old", type_="unique")
            batch.create_unique_constraint(
                "uq_participation_person_period", ["person_id", "period_id"]
            )
