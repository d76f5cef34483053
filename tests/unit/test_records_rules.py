"""The pure rules of the records: office dates in WITA, meetings, texts, audit labels and lines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from survey.people.model import Person, Role
from survey.ports import DomainError
from survey.records.audit import actor_label, describe, same_actor
from survey.records.model import Action, AuditEntry
from survey.records.rules import (
    attendance_problem,
    check_held_in_plan_year,
    check_span,
    clean_text,
    missed_items,
    optional_text,
)
from survey.tables import PersonRow
from survey.zone import WITA
from tests.zones import WIB

START = date(2026, 3, 10)


def member(active: bool = True, left: datetime | None = None, role: str = "anggota") -> PersonRow:
    return PersonRow(
        id=7, name="Yusuf", phone="+628120", role=role, active=active, deactivated_at=left
    )


def test_a_member_in_office_or_who_left_after_the_start_attends():
    assert attendance_problem(member(), START, WITA) is None
    left_later = datetime(2026, 3, 10, 15, 59, tzinfo=UTC)  # 23:59 WITA on the 10th
    assert attendance_problem(member(False, left_later), date(2026, 3, 9), WITA) is None


def test_leaving_is_dated_in_wita_not_utc():
    left = datetime(2026, 3, 9, 16, 30, tzinfo=UTC)  # 10 March 00:30 WITA
    problem = attendance_problem(member(False, left), START, WITA)
    assert problem == "Yusuf tidak menjabat pada 10 Maret 2026 (nonaktif sejak 10 Maret 2026)"
    day_before = date(2026, 3, 9)  # still in office that day in WITA; in UTC they had left
    assert attendance_problem(member(False, left), day_before, WITA) is None
    assert attendance_problem(member(False, left), day_before, UTC) is not None


def test_leaving_is_dated_in_the_configured_zone():
    left = datetime(2026, 3, 9, 16, 30, tzinfo=UTC)  # 10 March 00:30 WITA, 9 March 23:30 WIB
    day_before = date(2026, 3, 9)
    assert attendance_problem(member(False, left), day_before, WITA) is None
    assert attendance_problem(member(False, left), day_before, WIB) == (
        "Yusuf tidak menjabat pada 9 Maret 2026 (nonaktif sejak 9 Maret 2026)"
    )


def test_only_members_with_a_known_office_attend():
    assert attendance_problem(member(role="kabid"), START, WITA) == (
        "Yusuf bukan anggota DPRD (peran kabid)"
    )
    assert attendance_problem(member(False, None), START, WITA) == "Yusuf tidak aktif di roster"


def test_a_meeting_is_held_within_the_year_it_was_planned():
    check_held_in_plan_year(date(2026, 1, 2), date(2026, 12, 31))
    with pytest.raises(DomainError, match="di luar tahun rencana 2026"):
        check_held_in_plan_year(date(2026, 12, 30), date(2027, 1, 1))


def test_missed_items_are_cleaned_and_must_agree_with_the_standard():
    assert missed_items(False, [" notulen ", "", "notulen", "daftar  hadir"]) == (
        "notulen",
        "daftar hadir",
    )
    assert missed_items(True, ["  "]) == ()
    with pytest.raises(DomainError, match="terlalu panjang"):
        missed_items(False, ["x" * 600, "y" * 600])


def test_texts_are_collapsed_and_bounded():
    assert clean_text("  Bimtek \n Keuangan ", "nama", 200) == "Bimtek Keuangan"
    assert optional_text("   ", "penyelenggara", 200) is None
    with pytest.raises(DomainError, match="nama pelatihan tidak boleh kosong"):
        clean_text(" ", "nama pelatihan", 200)
    with pytest.raises(DomainError, match="paling banyak 3 karakter"):
        clean_text("abcd", "jenis", 3)
    with pytest.raises(DomainError, match="tidak boleh sebelum tanggal mulai"):
        check_span(date(2026, 1, 7), date(2026, 1, 5))


def test_a_person_is_the_same_actor_by_id_even_when_renamed():
    rahmah = Person(4, "Rahmah", "+62812", Role.STAF, None, True)
    renamed = Person(4, "Rahmah, S.E.", "+62812", Role.STAF, None, True)
    assert actor_label(rahmah) == "Rahmah (#4)"
    assert same_actor(actor_label(rahmah), actor_label(renamed))
    assert not same_actor("Rahmah (#4)", "Rahmah (#5)")
    assert not same_actor("cli", "Rahmah (#4)") and same_actor("cli", " cli ".strip())


def entry(action: Action, before: dict | None, after: dict | None) -> AuditEntry:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    return AuditEntry(1, at, "cli", action, "rapat", "3", before, after)


def test_the_log_describes_additions_and_changes_briefly():
    added = entry(Action.ADD, None, {"id": 3, "agenda": "Raperda", "held_on": None})
    assert describe(added) == "agenda=Raperda"
    changed = entry(
        Action.CHANGE,
        {"held_on": None, "standard_met": None, "agenda": "A"},
        {"held_on": "2026-01-07", "standard_met": True, "agenda": "A"},
    )
    assert describe(changed) == "dilaksanakan: – → 7 Januari 2026; sesuai_standar: – → ya"
    undone = entry(Action.UNDO, {"id": 3, "agenda": "Raperda"}, None)
    assert describe(undone) == "dihapus: agenda=Raperda"
    assert describe(added, width=5) == "agen…"
