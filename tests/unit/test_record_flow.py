"""The recording flows' pure parts: button actions, typed date spans, screens for every channel."""

from __future__ import annotations

from datetime import date

import pytest

from bot.chat import texts
from bot.chat.recording import render_flow
from bot.whatsapp.render import Buttons, Choices, shapes
from survey.ports import DomainError
from survey.records.flow.actions import (
    Press,
    UndoPress,
    UnknownFlowAction,
    decode,
    encode,
    encode_undo,
    is_flow_action,
    is_listed,
)
from survey.records.flow.model import (
    MEETING_CHECKLIST,
    PAGE_SIZE,
    Choice,
    Control,
    Fact,
    FlowKind,
    FlowNote,
    FlowNotice,
    FlowScreen,
    Saved,
    Step,
    Verb,
    pages,
)
from survey.records.flow.steps import parse_span


@pytest.mark.parametrize(
    ("verb", "arg"), [(v, 123456789 if v in (Verb.CHOOSE, Verb.ON) else None) for v in Verb]
)
def test_every_button_action_decodes_to_what_was_encoded(verb, arg):
    if verb in (Verb.OFF, Verb.PAGE):
        arg = 7
    action = encode(999999999, verb, arg)
    assert len(action.encode()) <= 64  # Telegram's callback_data limit
    assert decode(action) == Press(999999999, verb, arg)
    assert decode(encode_undo(12, 40)) == UndoPress(12, 40)


@pytest.mark.parametrize(
    "garbled",
    [
        "catat",
        "catat:",
        "catat:1",
        "catat:x:baru",
        "catat:1:terbang",
        "catat:1:pilih",  # a choice without its id
        "catat:1:baru:3",  # no id expected
        "catat:1:pilih:-3",
        "catat:1:pilih:1e3",
        "catat:1:pilih:１２",
        "catat:1234567890:baru",
        "catat:u:9:3",
        "catat:u:3",
        "catat:u:a:b",
        "catatan:1:baru",
    ],
)
def test_garbled_or_forged_actions_are_unknown(garbled):
    with pytest.raises(UnknownFlowAction):
        decode(garbled)


def test_flow_actions_are_told_apart_from_the_survey_ones():
    assert is_flow_action("catat:3:baru") and is_flow_action("catat")
    assert not is_flow_action("batal") and not is_flow_action("catatan:1")
    assert is_listed(encode(3, Verb.ON, 5)) and is_listed(encode(3, Verb.CHOOSE, 5))
    assert not is_listed(encode(3, Verb.SAVE)) and not is_listed("jawab:waktu:3")


@pytest.mark.parametrize(
    ("typed", "span"),
    [
        ("5 Januari 2026", (date(2026, 1, 5), date(2026, 1, 5))),
        ("05/01/2026 - 07/01/2026", (date(2026, 1, 5), date(2026, 1, 7))),
        ("2026-01-05 s.d. 2026-01-07", (date(2026, 1, 5), date(2026, 1, 7))),
        ("5 Januari 2026 sampai 7 Januari 2026", (date(2026, 1, 5), date(2026, 1, 7))),
        ("5 jan 2026 – 7 jan 2026", (date(2026, 1, 5), date(2026, 1, 7))),
    ],
)
def test_a_training_span_is_read_as_people_type_it(typed, span):
    assert parse_span(typed) == span


@pytest.mark.parametrize("typed", ["", "kemarin", "07/01/2026 - 05/01/2026"])
def test_a_wrong_span_is_refused_with_a_reason(typed):
    with pytest.raises(DomainError):
        parse_span(typed)


def attendees_screen(count: int, page: int = 0) -> FlowScreen:
    shown = range(page * PAGE_SIZE, min(count, (page + 1) * PAGE_SIZE))
    choices = tuple(
        Choice(f"Anggota Nomor {i:02d} Dengan Nama Panjang", encode(4, Verb.ON, i), i == 1)
        for i in shown
    )
    controls = (
        (Control.MORE, encode(4, Verb.PAGE, page + 1)),
        (Control.DONE_TICKING, encode(4, Verb.NEXT)),
        (Control.BACK, encode(4, Verb.BACK)),
        (Control.CANCEL, encode(4, Verb.CANCEL)),
    )
    facts = ((Fact.TRAINING, "Bimtek"),)
    return FlowScreen(
        FlowKind.TRAINING, Step.ATTENDEES, facts, choices, controls, page, pages(count), 1
    )


def test_a_roster_of_25_pages_within_whatsapp_list_limits():
    assert pages(25) == 4 and pages(0) == 1
    message = render_flow(attendees_screen(25))
    assert message.text.splitlines()[0] == texts.RECORD_TITLES["pelatihan"]
    assert "Halaman 1 dari 4." in message.text and "Dicentang: 1 anggota." in message.text
    assert [b.label[:2] for b in message.buttons[:2]] == ["⬜ ", "✅ "]
    assert [b.label for b in message.buttons[PAGE_SIZE:]] == [
        "Berikutnya »",
        "Simpan",
        "Kembali",
        "Batal",
    ]
    listed, *pressed = shapes(message)
    assert isinstance(listed, Choices) and len(listed.rows) == PAGE_SIZE <= 10
    assert listed.button == texts.WHATSAPP_LIST_RECORDS
    assert all(isinstance(p, Buttons) and len(p.buttons) <= 3 for p in pressed)


def test_the_checklist_marks_items_met_and_missed():
    choices = tuple(
        Choice(item, encode(9, Verb.OFF, i), i != 2)
        for i, item in enumerate(MEETING_CHECKLIST, start=1)
    )
    screen = FlowScreen(FlowKind.MEETING, Step.CHECKLIST, choices=choices)
    labels = [b.label for b in render_flow(screen).buttons]
    assert labels[:2] == ["✅ Undangan terkirim tepat waktu", "❌ Bahan rapat tersedia"]


def test_a_save_offers_undo_and_notices_are_brief_only_when_passing():
    saved = render_flow(Saved(FlowKind.REPORT, ((Fact.TASK, "Reses"),), encode_undo(3, 3)))
    assert saved.text.startswith(texts.RECORD_SAVED["laporan"]) and "Tugas: Reses" in saved.text
    assert [(b.label, b.action) for b in saved.buttons] == [(texts.RECORD_UNDO, "catat:u:3:3")]
    unchanged = render_flow(Saved(FlowKind.TRAINING, (), None))
    assert unchanged.buttons == () and texts.RECORD_NOTHING_NEW in unchanged.text
    refused = render_flow(FlowNotice(FlowNote.REFUSED, "tugas #9 tidak ada"))
    assert (refused.text, refused.brief) == (
        "Maaf, tugas #9 tidak ada. Tidak ada yang diubah.",
        False,
    )
    assert render_flow(FlowNotice(FlowNote.STALE)).brief
