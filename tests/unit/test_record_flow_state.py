"""The one codec of a recording flow's stored bag: today's rows load (flows in progress survive
an upgrade), what it writes reads back, and a bag that does not fit is BrokenFlow."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.chat.recording import render_flow
from survey.records.flow.machine import Resume, Typed, advance
from survey.records.flow.model import Fact, FlowKind, FlowNote, FlowNotice, Step
from survey.records.flow.state import (
    BrokenFlow,
    FollowUpFlow,
    Idle,
    MeetingFlow,
    ReportFlow,
    TrainingFlow,
    dump,
    load,
)
from tests.unit.record_flow_support import KABID, facts, screen_of

#: Rows as the flows wrote them before the state was typed: kind, step, version, data.
TODAYS_ROWS = [
    ("pelatihan", "pelatihan", 1, '{"since": 1}'),
    (
        "pelatihan",
        "peserta",
        7,
        '{"since": 6, "page": 0, "training": null, "ticked": [1], "name": "Bimtek Keuangan",'
        ' "starts": "2026-01-05", "ends": "2026-01-07", "organiser": "BPSDM – Kalsel",'
        ' "start": "2026-02-02"}',
    ),
    (
        "pelatihan",
        "konfirmasi",
        5,
        '{"since": 5, "page": 0, "training": 11, "start": "2026-02-02", "ticked": [1]}',
    ),
    ("laporan", "diterima", 3, '{"since": 3, "page": 0, "task": 21}'),
    (
        "laporan",
        "konfirmasi",
        4,
        '{"since": 4, "page": 0, "task": "21", "received": "2026-11-20"}',
    ),
    (
        "rapat",
        "standar",
        6,
        '{"since": 5, "page": 0, "meeting": null, "agenda": "Raperda RTRW",'
        ' "planned": "2026-11-01", "held": "2026-11-03", "missed": [2, 6]}',
    ),
    (
        "rapat",
        "dilaksanakan",
        3,
        '{"since": 3, "page": 0, "meeting": 31, "planned": "2026-03-02"}',
    ),
    (
        "tindaklanjut",
        "tenggat",
        5,
        '{"since": 5, "period": 7, "page": 0, "follow_up": null, "element": "sarana",'
        ' "action": "Perbaikan AC", "bidang": "umum"}',
    ),
    (
        "tindaklanjut",
        "catatan",
        4,
        '{"since": 4, "period": 7, "page": 0, "follow_up": 41, "status": "berjalan",'
        ' "note": null}',
    ),
]


@pytest.mark.parametrize("row", TODAYS_ROWS, ids=[f"{r[0]}-{r[1]}" for r in TODAYS_ROWS])
def test_a_row_written_before_the_upgrade_loads_shows_and_reads_back_the_same(row):
    state = load(*row)
    assert not isinstance(state, Idle)
    assert (state.kind.value, state.step.value, state.version) == row[:3]
    moved = advance(state, Resume(), facts(KABID))
    assert screen_of(moved).step is state.step and moved.state == state
    stored = dump(state)
    assert load(stored.kind, stored.step, stored.version, stored.data) == state
    old, new = json.loads(row[3]), json.loads(stored.data)
    assert {k: str(new[k]) for k, v in old.items() if v is not None} == {
        k: str(v) for k, v in old.items() if v is not None
    }


def test_todays_new_training_row_goes_on_with_its_typed_fields():
    state = load(*TODAYS_ROWS[1])
    assert state == TrainingFlow(
        step=Step.ATTENDEES,
        version=7,
        since=6,
        name="Bimtek Keuangan",
        starts=date(2026, 1, 5),
        ends=date(2026, 1, 7),
        organiser="BPSDM – Kalsel",
        start=date(2026, 2, 2),
        ticked=(1,),
    )
    assert state.starts_on == date(2026, 1, 5)  # a new training's typed start, not a stale one


def test_todays_follow_up_row_takes_the_typed_due_date_to_its_confirmation():
    state = load(*TODAYS_ROWS[7])
    moved = advance(state, Typed("31 Januari 2027"), facts(KABID))
    assert isinstance(moved.state, FollowUpFlow) and moved.state.due == date(2027, 1, 31)
    assert dict(screen_of(moved).facts)[Fact.DUE] == "31 Januari 2027"


def test_what_is_written_is_the_json_the_flows_have_always_stored():
    state = MeetingFlow(
        step=Step.CONFIRM,
        version=8,
        since=8,
        agenda="Raperda Ölçü",
        planned=date(2026, 11, 1),
        held=date(2026, 11, 3),
        missed=(2,),
    )
    stored = dump(state)
    assert (stored.kind, stored.step, stored.version) == ("rapat", "konfirmasi", 8)
    bag = json.loads(stored.data)
    assert bag["missed"] == [2] and bag["held"] == "2026-11-03" and bag["since"] == 8
    assert "Ölçü" in stored.data  # as readable as before (and as short)
    assert dump(Idle(version=9)) == type(stored)(None, "", 9, "{}")
    assert load(None, "", 9, "{}") == Idle(version=9)


@pytest.mark.parametrize(
    ("kind", "step", "data"),
    [
        ("terbang", "pelatihan", "{}"),  # a kind no release had
        ("pelatihan", "melayang", "{}"),
        ("pelatihan", "tugas", "{}"),  # a step of another kind
        ("laporan", "diterima", "{"),
        ("laporan", "diterima", "[21]"),
        ("laporan", "diterima", '{"task": "dua puluh"}'),
        ("laporan", "diterima", '{"task": -1}'),
        ("laporan", "diterima", '{"task": true}'),
        ("laporan", "konfirmasi", '{"task": 21, "received": "2026-13-01"}'),
        ("laporan", "diterima", "{}"),  # a step without what it needs
        ("pelatihan", "peserta", '{"training": 11, "start": "2026-02-02", "ticked": "1,2"}'),
        ("pelatihan", "tanggal", '{"name": 5}'),
        (
            "rapat",
            "standar",
            '{"meeting": 31, "planned": "2026-03-02", "held": "2026-03-03", "missed": [9]}',
        ),  # a checklist item no meeting has
        ("tindaklanjut", "tindaklanjut", '{"since": 1}'),  # no period
        ("laporan", "tugas", '{"since": 9}'),  # since after the version
        ("laporan", "tugas", '{"page": -1}'),
    ],
)
def test_a_bag_that_does_not_fit_is_broken(kind, step, data):
    with pytest.raises(BrokenFlow):
        load(kind, step, 3, data)


def test_every_kind_has_its_own_state_type():
    for kind in FlowKind:
        assert load(kind.value, _first(kind), 1, '{"period": 7}').kind is kind
    assert isinstance(load("laporan", "tugas", 1, "{}"), ReportFlow)


def _first(kind: FlowKind) -> str:
    return {
        FlowKind.TRAINING: "pelatihan",
        FlowKind.REPORT: "tugas",
        FlowKind.MEETING: "rapat",
        FlowKind.FOLLOW_UP: "tindaklanjut",
    }[kind]


def test_a_broken_flow_is_told_in_indonesian():
    message = render_flow(FlowNotice(FlowNote.BROKEN))
    assert "tidak dapat dibaca lagi" in message.text and "/pelatihan" in message.text
