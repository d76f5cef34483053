"""The outbox's message kinds: stored in existing databases' rows, so their values are fixed."""

from __future__ import annotations

from scheduler.outbox import MessageKind
from scheduler.weekly import KIND


def test_kinds_keep_the_values_existing_rows_hold():
    assert {kind.name: str(kind) for kind in MessageKind} == {
        "REMINDER": "pengingat",
        "PERIOD_CLOSED": "periode-ditutup",
        "RECAP": "rekap",
        "RECAP_CHART": "rekap-grafik",
        "RECORDS_DUE": "pengingat-kabid",
    }


def test_a_kind_reads_as_its_value_in_a_key_and_compares_with_a_stored_one():
    assert f"{MessageKind.RECAP_CHART}:2026-10:1" == "rekap-grafik:2026-10:1"
    assert MessageKind.REMINDER == "pengingat" and KIND is MessageKind.RECORDS_DUE
