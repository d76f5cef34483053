"""The tables' CHECK constraints come from the enums, and say what the migrations say."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from survey.people.model import Role
from survey.tables import PersonRow

MIGRATION = Path(__file__).resolve().parents[2] / "ikm/migrations/versions/0001_initial_schema.py"


def check_sql(name: str, dialect: sa.Dialect) -> str:
    table = PersonRow.__table__
    assert isinstance(table, sa.Table)
    (found,) = [c for c in table.constraints if c.name == name]
    assert isinstance(found, sa.CheckConstraint)
    return str(found.sqltext.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def test_the_role_check_names_every_role_as_the_first_migration_wrote_it():
    migrated = re.search(r'"(role IN \([^)]*\))", name="ck_person_role"', MIGRATION.read_text())
    assert migrated is not None
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        assert check_sql("ck_person_role", dialect) == migrated[1]
    assert all(f"'{role.value}'" in migrated[1] for role in Role)


def test_a_kabid_needs_a_bidang():
    assert check_sql("ck_person_kabid_bidang", sqlite.dialect()) == (
        "role != 'kabid' OR bidang IS NOT NULL"
    )
