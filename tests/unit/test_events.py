"""Button action strings: every event round-trips, forged strings are refused, all fit Telegram."""

from __future__ import annotations

import pytest

from survey.conversation.events import (
    SARAN,
    Answer,
    Back,
    Cancel,
    Change,
    Event,
    SaranText,
    Skip,
    Start,
    Submit,
    UnknownAction,
    decode,
    decode_or_none,
    encode,
)
from survey.questionnaire.model import KNOWN_ELEMENTS, load_questionnaire

TELEGRAM_CALLBACK_DATA_LIMIT = 64
ALL_CODES = sorted({*load_questionnaire().codes, *load_questionnaire("permenpanrb-9-v1").codes})


def every_button_event() -> list[Event]:
    """Every event a button of ours can carry, for every unsur of both questionnaires."""
    events: list[Event] = [Start(), Skip(), Submit(), Cancel(), Cancel(True), Cancel(False)]
    events += [Back(SARAN), Change(SARAN)]
    for code in ALL_CODES:
        events += [Back(code), Change(code), *(Answer(code, v) for v in (1, 2, 3, 4))]
    return events


def test_both_questionnaires_together_use_all_nine_unsur():
    assert set(ALL_CODES) == KNOWN_ELEMENTS


@pytest.mark.parametrize("event", every_button_event(), ids=repr)
def test_every_button_event_round_trips_through_its_action_string(event):
    assert decode(encode(event)) == event


@pytest.mark.parametrize("event", every_button_event(), ids=repr)
def test_every_action_fits_telegrams_64_byte_callback_data(event):
    assert len(encode(event).encode("utf-8")) <= TELEGRAM_CALLBACK_DATA_LIMIT


@pytest.mark.parametrize(
    ("event", "action"),
    [
        (Answer("prosedur", 3), "jawab:prosedur:3"),
        (Back("waktu"), "kembali:waktu"),
        (Back(SARAN), "kembali:saran"),
        (Change("sarana"), "ubah:sarana"),
        (Change(SARAN), "ubah:saran"),
        (Skip(), "lewati"),
        (Submit(), "kirim"),
        (Cancel(), "batal"),
        (Cancel(True), "batal:ya"),
        (Cancel(False), "batal:tidak"),
        (Start(), "mulai"),
    ],
    ids=repr,
)
def test_action_strings_keep_their_published_form(event, action):
    # Buttons in messages already sent carry these strings; changing them breaks old buttons.
    assert encode(event) == action
    assert decode(action) == event


def test_typed_text_is_not_a_button_and_cannot_be_encoded():
    with pytest.raises(UnknownAction):
        encode(SaranText("halo"))


@pytest.mark.parametrize(
    "forged",
    [
        "jawab:prosedur:5",
        "jawab:prosedur:0",
        "jawab:prosedur:-1",
        "jawab:prosedur:03",
        "jawab:prosedur: 3",
        "jawab:prosedur:3:4",
        "jawab:prosedur",
        "jawab:PROSEDUR:3",
        "jawab::3",
        "jawab:pro_sedur:3",
        "jawab:prosedur:٣",
        "ubah:",
        "ubah:Saran",
        "ubah:saran:1",
        "kembali:",
        "kembali:x;drop",
        "kembali:../saran",
        "batal:mungkin",
        "batal:Ya",
        "kirim:sekarang",
        "lewati:semua",
        "mulai:lagi",
        "KIRIM",
        " kirim",
        "kirim ",
        "hapus:prosedur",
        "",
        ":",
        "x" * 500,
        "kembali:" + "a" * 31,
        "kembali:sarána",
        "ubah:prosédur",
        "jawab:wäktu:2",
        "jawab:prosedur:３",
    ],
    ids=lambda s: repr(s[:40]),
)
def test_decode_rejects_forged_action_strings(forged):
    with pytest.raises(UnknownAction):
        decode(forged)


@pytest.mark.parametrize("forged", ["kirim:", "lewati:", "mulai:", "batal:"])
def test_decode_rejects_a_simple_action_with_a_trailing_colon(forged):
    with pytest.raises(UnknownAction):
        decode(forged)


def test_unknown_action_is_a_value_error_with_a_short_message():
    with pytest.raises(ValueError, match=r"^x{80}$") as caught:
        decode("x" * 500)

    assert isinstance(caught.value, UnknownAction)


def test_a_code_of_thirty_letters_is_still_a_word():
    assert decode("kembali:" + "a" * 30) == Back("a" * 30)


@pytest.mark.parametrize(
    ("action", "event"),
    [("kirim", Submit()), ("jawab:waktu:3", Answer("waktu", 3)), ("catat:1:simpan", None)],
)
def test_decode_or_none_gives_the_event_or_none_for_what_no_survey_button_sends(action, event):
    assert decode_or_none(action) == event
