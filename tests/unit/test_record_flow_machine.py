"""The recording flows' pure transitions: every kind to its Save command, back, cancel, bad
input and forged buttons, with the facts a service would read, and no database."""

from __future__ import annotations

from datetime import date

import pytest

from survey.records.flow.actions import Press, decode
from survey.records.flow.facts import FollowUpFacts, MissingFacts, ReportFacts
from survey.records.flow.machine import (
    Begin,
    BeginOn,
    Cancel,
    Pressed,
    Resume,
    Save,
    Typed,
    advance,
)
from survey.records.flow.model import Control, Fact, FlowKind, FlowNote, FlowNotice, Step, Verb
from survey.records.flow.state import (
    FollowUpFlow,
    Idle,
    MeetingFlow,
    ReportFlow,
    TrainingFlow,
)
from tests.unit.record_flow_support import (
    KABID,
    PERIOD,
    STAFF,
    choice,
    control,
    facts,
    forged,
    screen_of,
)


def notes(moved) -> list[FlowNote]:
    return [r.note for r in moved.replies if isinstance(r, FlowNotice)]


def test_a_new_training_goes_from_its_name_to_a_save_command():
    moved = advance(Idle(version=4), Begin(FlowKind.TRAINING), facts())
    assert screen_of(moved).step is Step.TRAINING and moved.state.version == 5
    moved = advance(moved.state, control(screen_of(moved), Control.NEW_TRAINING), facts())
    moved = advance(moved.state, Typed("Bimtek  Keuangan"), facts())
    moved = advance(moved.state, Typed("5 Januari 2026 - 7 Januari 2026"), facts())
    moved = advance(moved.state, Typed("BPSDM Kalsel"), facts())
    roster = screen_of(moved)
    assert [c.label for c in roster.choices] == ["H. Ahmad Rizani", "Hj. Siti Aminah"]
    moved = advance(moved.state, choice(roster, "Ahmad"), facts())
    assert screen_of(moved).ticked == 1
    moved = advance(moved.state, control(screen_of(moved), Control.DONE_TICKING), facts())
    confirm = screen_of(moved)
    assert dict(confirm.facts) == {
        Fact.TRAINING: "Bimtek Keuangan",
        Fact.DATES: "5 Januari 2026 – 7 Januari 2026",
        Fact.ORGANISER: "BPSDM Kalsel",
        Fact.ATTENDEES: "H. Ahmad Rizani",
    }
    done = advance(moved.state, control(confirm, Control.SAVE), facts())
    [command] = done.commands
    assert isinstance(command, Save) and isinstance(command.flow, TrainingFlow)
    assert (command.flow.name, command.flow.starts, command.flow.ends) == (
        "Bimtek Keuangan",
        date(2026, 1, 5),
        date(2026, 1, 7),
    )
    assert command.flow.ticked == (1,) and done.replies == ()
    assert done.state == Idle(version=moved.state.version + 1)


def test_a_chosen_training_lists_only_members_in_office_not_yet_recorded():
    moved = advance(Idle(), Begin(FlowKind.TRAINING), facts())
    moved = advance(moved.state, choice(screen_of(moved), "Orientasi"), facts())
    roster = screen_of(moved)
    assert [c.label for c in roster.choices] == ["H. Ahmad Rizani"]  # Siti had it, Yusuf left
    assert dict(roster.facts)[Fact.DATES] == "2 Februari 2026 – 3 Februari 2026"


def test_a_report_is_chosen_own_bidang_first_received_today_and_saved():
    moved = advance(Idle(), Begin(FlowKind.REPORT), facts(KABID))
    tasks = screen_of(moved)
    assert [c.label for c in tasks.choices] == ["Kunker Komisi I (1 Oktober 2026)"]
    moved = advance(moved.state, choice(tasks, "Kunker"), facts(KABID))
    moved = advance(moved.state, control(screen_of(moved), Control.TODAY), facts(KABID))
    assert dict(screen_of(moved).facts)[Fact.RECEIVED_BY] == "Drs. Budi Santoso"
    done = advance(moved.state, control(screen_of(moved), Control.SAVE), facts(KABID))
    assert done.commands[0].flow == ReportFlow(
        step=Step.CONFIRM,
        version=3,
        since=3,
        task=21,
        received=date(2026, 11, 27),
    )


def test_without_a_task_waiting_there_is_nothing_to_record_and_the_flow_ends():
    idle = Idle(version=2)
    moved = advance(idle, Begin(FlowKind.REPORT), facts(report=ReportFacts(())))
    assert notes(moved) == [FlowNote.NOTHING_TO_RECORD] and moved.state == Idle(version=3)


def test_a_new_meeting_held_today_with_an_item_missed_is_saved_below_standard():
    moved = advance(Idle(), Begin(FlowKind.MEETING), facts())
    assert [c.label for c in screen_of(moved).choices] == ["Raperda Pajak (2 Maret 2026)"]
    moved = advance(moved.state, control(screen_of(moved), Control.NEW_MEETING), facts())
    moved = advance(moved.state, Typed("Raperda RTRW"), facts())
    moved = advance(moved.state, Typed("1 November 2026"), facts())
    moved = advance(moved.state, control(screen_of(moved), Control.TODAY), facts())
    checklist = screen_of(moved)
    assert all(c.ticked for c in checklist.choices)
    moved = advance(moved.state, Pressed(_press(checklist.choices[1].action)), facts())
    moved = advance(moved.state, control(screen_of(moved), Control.NEXT), facts())
    assert dict(screen_of(moved).facts)[Fact.STANDARD] == "tidak"
    done = advance(moved.state, control(screen_of(moved), Control.SAVE), facts())
    flow = done.commands[0].flow
    assert isinstance(flow, MeetingFlow)
    assert (flow.agenda, flow.held, flow.missed) == ("Raperda RTRW", date(2026, 11, 27), (2,))


def test_a_new_follow_up_action_walks_unsur_what_bidang_due_to_save():
    moved = advance(Idle(), Begin(FlowKind.FOLLOW_UP), facts(KABID))
    assert isinstance(moved.state, FollowUpFlow) and moved.state.period == 7
    moved = advance(moved.state, control(screen_of(moved), Control.NEW_ACTION), facts(KABID))
    assert [c.label for c in screen_of(moved).choices] == [
        "Sarana dan Prasarana (NRR 2,0000)",
        "Sistem, Mekanisme, dan Prosedur (NRR 3,0000)",
    ]
    moved = advance(moved.state, choice(screen_of(moved), "Sarana"), facts(KABID))
    moved = advance(moved.state, Typed("Ganti kursi"), facts(KABID))
    moved = advance(moved.state, choice(screen_of(moved), "umum"), facts(KABID))
    moved = advance(moved.state, Typed("31 Januari 2027"), facts(KABID))
    confirm = screen_of(moved)
    assert dict(confirm.facts) == {
        Fact.PERIOD: "Semester II 2026",
        Fact.ELEMENT: "Sarana dan Prasarana",
        Fact.WHAT: "Ganti kursi",
        Fact.BIDANG: "umum",
        Fact.DUE: "31 Januari 2027",
    }
    [command] = advance(moved.state, control(confirm, Control.SAVE), facts(KABID)).commands
    assert command.summary == confirm.facts


def test_a_reminder_opens_the_status_of_its_action_and_staff_may_not_follow_up():
    moved = advance(Idle(), BeginOn(FlowKind.FOLLOW_UP, 41), facts(KABID))
    assert screen_of(moved).step is Step.STATUS
    moved = advance(moved.state, choice(screen_of(moved), "berjalan"), facts(KABID))
    moved = advance(moved.state, Typed("-"), facts(KABID))
    assert dict(screen_of(moved).facts)[Fact.NOTE] == "–"
    refused = advance(Idle(), Begin(FlowKind.FOLLOW_UP), facts(STAFF))
    assert notes(refused) == [FlowNote.ONLY_LEADERS] and refused.state == Idle()


def test_a_reminder_for_a_record_made_meanwhile_changes_nothing():
    training = advance(Idle(), Begin(FlowKind.TRAINING), facts()).state
    moved = advance(training, BeginOn(FlowKind.REPORT, 21), facts(settled="Kunker Komisi I"))
    assert notes(moved) == [FlowNote.SETTLED] and moved.state == training


def test_without_shown_results_a_follow_up_is_refused_and_the_flow_in_progress_stays():
    training = advance(Idle(), Begin(FlowKind.TRAINING), facts()).state
    none = FollowUpFacts(not_shown="belum ada periode dengan hasil IKM yang ditampilkan")
    moved = advance(training, Begin(FlowKind.FOLLOW_UP), facts(KABID, follow_up=none))
    assert notes(moved) == [FlowNote.REFUSED] and moved.state == training
    assert screen_of(moved).step is Step.TRAINING


def test_back_from_the_roster_of_a_new_training_reaches_its_organiser_keeping_ticks():
    state = TrainingFlow(
        step=Step.CONFIRM,
        version=9,
        since=9,
        name="Bimtek",
        starts=date(2026, 1, 5),
        ends=date(2026, 1, 5),
        ticked=(2,),
    )
    moved = advance(state, forged(state, Verb.BACK), facts())
    moved = advance(moved.state, control(screen_of(moved), Control.BACK), facts())
    assert screen_of(moved).step is Step.ORGANISER
    moved = advance(moved.state, control(screen_of(moved), Control.SKIP), facts())
    assert (screen_of(moved).step, screen_of(moved).ticked) == (Step.ATTENDEES, 1)


@pytest.mark.parametrize(
    ("step", "target"),
    [(Step.HELD, Step.MEETING), (Step.PLANNED, Step.AGENDA), (Step.CHECKLIST, Step.HELD)],
)
def test_back_on_a_planned_meeting_goes_one_step_back(step, target):
    state = MeetingFlow(
        step=step,
        version=3,
        since=3,
        meeting=31,
        agenda="x",
        planned=date(2026, 3, 2),
        held=date(2026, 3, 3),
    )
    assert advance(state, forged(state, Verb.BACK), facts()).state.step is target


def test_cancel_by_button_or_command_ends_the_flow_and_idle_cancel_says_nothing():
    state = advance(Idle(version=1), Begin(FlowKind.MEETING), facts()).state
    by_button = advance(state, forged(state, Verb.CANCEL), facts())
    by_command = advance(state, Cancel(), facts())
    for moved in (by_button, by_command):
        assert notes(moved) == [FlowNote.CANCELLED] and moved.state == Idle(version=3)
    assert advance(Idle(version=3), Cancel(), facts()).replies == ()


def test_a_date_that_does_not_parse_is_refused_and_the_step_stays():
    state = ReportFlow(step=Step.RECEIVED, version=3, since=3, task=21)
    moved = advance(state, Typed("31 Februari 2026"), facts())
    assert notes(moved) == [FlowNote.REFUSED] and moved.state == state
    assert "tidak dikenali" in moved.replies[0].detail
    assert screen_of(moved).step is Step.RECEIVED


def test_a_date_after_today_is_refused():
    state = ReportFlow(step=Step.RECEIVED, version=3, since=3, task=21)
    moved = advance(state, Typed("28 November 2026"), facts())
    assert notes(moved) == [FlowNote.REFUSED] and moved.state == state


def test_a_line_typed_where_buttons_are_expected_shows_the_screen_again():
    state = advance(Idle(), Begin(FlowKind.TRAINING), facts()).state
    moved = advance(state, Typed("Orientasi"), facts())
    assert notes(moved) == [FlowNote.USE_BUTTONS] and moved.state == state


@pytest.mark.parametrize(
    ("person_id", "detail"),
    [(5, "bukan anggota DPRD"), (3, "tidak menjabat"), (99, "tidak ada di roster")],
)
def test_a_forged_tick_of_someone_not_attending_is_refused(person_id, detail):
    state = TrainingFlow(
        step=Step.ATTENDEES, version=5, since=5, training=11, start=date(2026, 2, 2)
    )
    moved = advance(state, forged(state, Verb.ON, person_id), facts())
    assert notes(moved) == [FlowNote.REFUSED] and detail in moved.replies[0].detail
    assert moved.state == state


@pytest.mark.parametrize(
    ("kind", "key", "detail"),
    [
        (FlowKind.TRAINING, 99, "pelatihan #99 tidak ada"),
        (FlowKind.REPORT, 22, "laporan tugas 'Reses' sudah dicatat"),
        (FlowKind.MEETING, 99, "rapat #99 tidak ada"),
    ],
)
def test_a_forged_choice_is_refused(kind, key, detail):
    state = advance(Idle(), Begin(kind), facts()).state
    moved = advance(state, forged(state, Verb.CHOOSE, key), facts())
    assert moved.replies[0] == FlowNotice(FlowNote.REFUSED, detail) and moved.state == state


def test_a_button_of_an_earlier_screen_is_stale_but_a_tick_on_its_step_still_counts():
    state = TrainingFlow(
        step=Step.ATTENDEES, version=5, since=4, training=11, start=date(2026, 2, 2)
    )
    older = Pressed(_press(f"catat:4:{Verb.ON.value}:1"))
    assert advance(state, older, facts()).state.ticked == (1,)
    stale = Pressed(_press(f"catat:4:{Verb.NEXT.value}"))
    moved = advance(state, stale, facts())
    assert notes(moved) == [FlowNote.STALE] and moved.state == state
    before = Pressed(_press(f"catat:3:{Verb.ON.value}:1"))
    assert notes(advance(state, before, facts())) == [FlowNote.STALE]


def test_done_ticking_with_nobody_ticked_is_said_and_changes_nothing():
    state = TrainingFlow(
        step=Step.ATTENDEES, version=5, since=5, training=11, start=date(2026, 2, 2)
    )
    moved = advance(state, forged(state, Verb.NEXT), facts())
    assert notes(moved) == [FlowNote.NONE_TICKED] and moved.state == state


def test_without_a_flow_buttons_and_lines_say_so_and_save_says_it_was_saved():
    assert notes(advance(Idle(), forged(Idle(), Verb.SAVE), facts())) == [FlowNote.ALREADY_SAVED]
    assert notes(advance(Idle(), forged(Idle(), Verb.NEXT), facts())) == [FlowNote.NO_FLOW]
    assert notes(advance(Idle(), Typed("x"), facts())) == [FlowNote.NO_FLOW]
    assert advance(Idle(), Resume(), facts()).replies == ()


def test_a_begin_resumes_its_own_kind_and_replaces_another():
    state = advance(Idle(), Begin(FlowKind.TRAINING), facts()).state
    again = advance(state, Begin(FlowKind.TRAINING), facts())
    assert notes(again) == [FlowNote.RESUMED] and again.state == state
    other = advance(state, Begin(FlowKind.MEETING), facts())
    assert notes(other) == [FlowNote.REPLACED] and other.replies[0].detail == "pelatihan"
    assert isinstance(other.state, MeetingFlow) and other.state.version == state.version + 1


def test_a_follow_up_whose_period_is_gone_is_refused_and_started_afresh():
    state = FollowUpFlow(step=Step.ELEMENT, version=3, since=3, period=8)
    moved = advance(state, Resume(), facts(KABID))
    assert notes(moved) == [FlowNote.REFUSED] and moved.state == Idle(version=4)
    assert "periode tindak lanjut ini sudah tidak ada" in moved.replies[0].detail


def test_a_step_without_the_facts_it_needs_is_our_bug_not_the_users():
    state = advance(Idle(), Begin(FlowKind.TRAINING), facts()).state
    with pytest.raises(MissingFacts):
        advance(state, Resume(), facts(training=None))


def test_a_follow_up_choice_of_another_periods_action_is_refused():
    state = FollowUpFlow(step=Step.FOLLOW_UP, version=3, since=3, period=7)
    moved = advance(state, forged(state, Verb.CHOOSE, 42), facts(KABID))
    assert moved.replies[0] == FlowNotice(FlowNote.REFUSED, "tindak lanjut TL42 tidak ada")
    assert PERIOD.actions[0].id == 41


def _press(action: str) -> Press:
    pressed = decode(action)
    assert isinstance(pressed, Press)
    return pressed
