"""The survey conversation: every move of `advance`, including stale, repeated and typed input."""

from __future__ import annotations

import pytest

from survey.conversation.engine import SARAN_MAX, Stage, SurveyState, advance, current_screen
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
)
from survey.conversation.screens import (
    CancelScreen,
    Note,
    Notice,
    QuestionScreen,
    Reply,
    ReviewScreen,
    SaranScreen,
)
from survey.questionnaire.model import Questionnaire, load_questionnaire

Q = load_questionnaire()
Q9 = load_questionnaire("permenpanrb-9-v1")
CODES = Q.codes
#: Distinct values per question, so a mix-up between questions shows.
WALK = dict(zip(CODES, (1, 2, 3, 4, 2, 3), strict=True))
A_SARAN = "Ruang rapat komisi perlu pendingin udara yang berfungsi."


def play(
    events: list[Event], q: Questionnaire = Q, state: SurveyState | None = None
) -> tuple[SurveyState, list[Reply]]:
    """Feed events in order; the final state and the replies to the last event."""
    state = SurveyState() if state is None else state
    replies: list[Reply] = []
    for event in events:
        state, replies = advance(q, state, event)
    return state, replies


def at_question(number: int, q: Questionnaire = Q) -> SurveyState:
    """Started, with questions before `number` answered (1-based)."""
    values = (1, 2, 3, 4, 2, 3, 4, 1, 2)
    answers = [Answer(c, v) for c, v in zip(q.codes[: number - 1], values, strict=False)]
    state, _ = play([Start(), *answers], q)
    return state


def at_saran(q: Questionnaire = Q) -> SurveyState:
    return at_question(len(q.elements) + 1, q)


def at_review(saran: str | None = A_SARAN) -> SurveyState:
    last = SaranText(saran) if saran is not None else Skip()
    state, _ = play([last], state=at_saran())
    return state


def progress(state: SurveyState) -> tuple[object, ...]:
    """What a state means to the respondent; `position` is not used once on review."""
    return (state.stage, state.answers, state.saran, state.editing, state.confirming_cancel)


def shown(replies: list[Reply]) -> Reply:
    """The screen shown last."""
    return replies[-1]


def question(replies: list[Reply]) -> QuestionScreen:
    screen = shown(replies)
    assert isinstance(screen, QuestionScreen), screen
    return screen


def notes(replies: list[Reply]) -> list[Note]:
    return [r.note for r in replies if isinstance(r, Notice)]


# --- start -----------------------------------------------------------------------------------


def test_start_on_a_new_state_shows_question_one_without_kembali():
    state, replies = advance(Q, SurveyState(), Start())

    assert state == SurveyState(stage=Stage.QUESTION, position=0)
    assert len(replies) == 1
    screen = question(replies)
    assert screen.element.code == "prosedur"
    assert (screen.number, screen.total) == (1, 6)
    assert screen.previous is None
    assert screen.can_go_back is False
    assert screen.editing is False


@pytest.mark.parametrize("number", range(2, 7))
def test_question_two_onwards_offers_kembali(number):
    screen = current_screen(Q, at_question(number))

    assert isinstance(screen, QuestionScreen)
    assert screen.number == number
    assert screen.element.code == CODES[number - 1]
    assert screen.can_go_back is True


@pytest.mark.parametrize("q", [Q, Q9], ids=lambda q: q.version)
def test_question_options_come_lowest_score_first(q):
    for element in q.elements:
        assert [element.label(v) for v in (1, 2, 3, 4)] == list(element.options)
    prosedur = q.element("prosedur")
    assert prosedur.options == ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")
    assert q.element("sarana").options == ("Buruk", "Cukup", "Baik", "Sangat baik")


@pytest.mark.parametrize(
    "event",
    [Answer("prosedur", 3), Back("prosedur"), Change("waktu"), SaranText("3"), Skip(), Submit()],
    ids=repr,
)
def test_anything_but_start_before_starting_says_not_started(event):
    state, replies = advance(Q, SurveyState(), event)

    assert state == SurveyState()
    assert replies == [Notice(Note.NOT_STARTED)]


# --- answering, saran ------------------------------------------------------------------------


def test_answering_each_question_moves_to_the_next():
    state, _ = advance(Q, SurveyState(), Start())
    for number, code in enumerate(CODES[:-1], start=1):
        state, replies = advance(Q, state, Answer(code, WALK[code]))

        screen = question(replies)
        assert screen.number == number + 1
        assert screen.element.code == CODES[number]
        assert screen.previous is None
        assert state.answer_of(code) == WALK[code]


def test_answers_are_stored_by_code_in_question_order():
    state = at_saran()

    assert state.answers == tuple(WALK.items())


def test_answering_the_last_question_opens_the_saran_screen():
    state, replies = advance(Q, at_question(6), Answer("sarana", 4))

    assert state.stage is Stage.SARAN
    assert state.answer_of("sarana") == 4
    assert replies == [SaranScreen(prompt=Q.saran_prompt, previous=None, editing=False)]


def test_typed_saran_goes_to_review_with_the_saran():
    state, replies = advance(Q, at_saran(), SaranText(A_SARAN))

    assert state.stage is Stage.REVIEW
    assert state.saran == A_SARAN
    assert replies == [current_screen(Q, state)]
    review = shown(replies)
    assert isinstance(review, ReviewScreen)
    assert review.saran == A_SARAN
    assert [(e.code, v) for e, v in review.answers] == list(WALK.items())


def test_saran_is_stored_without_surrounding_whitespace():
    state, _ = advance(Q, at_saran(), SaranText(f"  {A_SARAN}\n"))

    assert state.saran == A_SARAN


def test_skip_goes_to_review_without_saran():
    state, replies = advance(Q, at_saran(), Skip())

    assert state.stage is Stage.REVIEW
    assert state.saran is None
    assert replies == [current_screen(Q, state)]
    assert isinstance(shown(replies), ReviewScreen)


@pytest.mark.parametrize("typed", ["lewati", "Lewati", "  LEWATI \n"])
def test_typed_lewati_goes_to_review_without_saran(typed):
    state, replies = advance(Q, at_saran(), SaranText(typed))

    assert state.stage is Stage.REVIEW
    assert state.saran is None
    assert isinstance(shown(replies), ReviewScreen)


def test_saran_of_exactly_1000_characters_is_accepted():
    text = "a" * 1000
    assert SARAN_MAX == 1000

    state, replies = advance(Q, at_saran(), SaranText(text))

    assert state.stage is Stage.REVIEW
    assert state.saran == text
    assert notes(replies) == []


def test_saran_of_1001_characters_is_refused_with_its_length_and_the_state_unchanged():
    before = at_saran()

    state, replies = advance(Q, before, SaranText("a" * 1001))

    assert state == before
    assert replies == [Notice(Note.SARAN_TOO_LONG, "1001"), current_screen(Q, before)]
    assert isinstance(shown(replies), SaranScreen)


@pytest.mark.parametrize("typed", ["", "   ", "\n\t"])
def test_empty_saran_is_refused_and_the_saran_screen_shown_again(typed):
    before = at_saran()

    state, replies = advance(Q, before, SaranText(typed))

    assert state == before
    assert replies == [Notice(Note.SARAN_EMPTY), current_screen(Q, before)]


# --- back ------------------------------------------------------------------------------------


def test_back_on_question_three_reopens_question_two_with_its_answer():
    before = at_question(3)

    state, replies = advance(Q, before, Back("produk"))

    assert state.stage is Stage.QUESTION
    assert state.position == 1
    assert state.answers == before.answers
    screen = question(replies)
    assert screen.element.code == "waktu"
    assert screen.previous == WALK["waktu"]
    assert screen.can_go_back is True


@pytest.mark.parametrize("typed", ["kembali", "Kembali", " KEMBALI "])
def test_typed_kembali_on_question_three_reopens_question_two(typed):
    state, replies = advance(Q, at_question(3), SaranText(typed))

    assert state.position == 1
    assert question(replies).element.code == "waktu"


def test_typed_kembali_on_question_one_says_it_is_the_first_question():
    before = at_question(1)

    state, replies = advance(Q, before, SaranText("kembali"))

    assert state == before
    assert replies == [Notice(Note.FIRST_QUESTION), current_screen(Q, before)]


def test_back_button_on_question_one_says_it_is_the_first_question():
    before = at_question(1)

    state, replies = advance(Q, before, Back("prosedur"))

    assert state == before
    assert notes(replies) == [Note.FIRST_QUESTION]


def test_back_from_saran_reopens_the_last_question_with_its_answer():
    before = at_saran()

    state, replies = advance(Q, before, Back(SARAN))

    assert state.stage is Stage.QUESTION
    assert state.position == 5
    assert state.answers == before.answers
    screen = question(replies)
    assert screen.element.code == "sarana"
    assert screen.previous == WALK["sarana"]


def test_typed_kembali_on_saran_reopens_the_last_question_and_is_not_taken_as_saran():
    state, replies = advance(Q, at_saran(), SaranText("Kembali"))

    assert state.stage is Stage.QUESTION
    assert state.saran is None
    assert question(replies).element.code == "sarana"


def test_answering_again_after_going_back_moves_forward_and_keeps_later_answers():
    state, _ = play([Back("kompetensi"), Back("produk"), Answer("waktu", 4)], state=at_question(4))

    assert state.position == 2
    assert state.answer_of("waktu") == 4
    assert state.answer_of("produk") == WALK["produk"]
    assert current_screen(Q, state) == QuestionScreen(
        element=Q.element("produk"),
        number=3,
        total=6,
        previous=WALK["produk"],
        can_go_back=True,
        editing=False,
    )


def test_going_back_to_question_one_keeps_every_answer():
    before = at_saran()

    state, _ = play([Back(SARAN), *(Back(c) for c in reversed(CODES[1:]))], state=before)

    assert state.position == 0
    assert state.answers == before.answers
    screen = current_screen(Q, state)
    assert isinstance(screen, QuestionScreen)
    assert screen.previous == WALK["prosedur"]


@pytest.mark.parametrize(
    ("before", "event"),
    [
        (at_question(3), Back("waktu")),
        (at_question(3), Back("sarana")),
        (at_question(3), Back(SARAN)),
        (at_saran(), Back("sarana")),
        (at_review(), Back(SARAN)),
        (at_review(), Back("sarana")),
    ],
    ids=["q3-from-q2", "q3-from-q6", "q3-from-saran", "saran-from-q6", "review", "review-q6"],
)
def test_back_from_a_screen_that_is_not_current_is_stale_and_changes_nothing(before, event):
    state, replies = advance(Q, before, event)

    assert state == before
    assert replies == [Notice(Note.STALE), current_screen(Q, before)]


# --- review and editing ----------------------------------------------------------------------


def test_review_lists_every_answer_in_question_order_with_the_saran():
    screen = current_screen(Q, at_review())

    assert screen == ReviewScreen(
        answers=tuple((Q.element(c), v) for c, v in WALK.items()), saran=A_SARAN
    )


@pytest.mark.parametrize("code", CODES)
def test_change_reopens_that_question_in_editing_mode(code):
    before = at_review()

    state, replies = advance(Q, before, Change(code))

    assert state.stage is Stage.QUESTION
    assert state.editing is True
    assert state.answers == before.answers
    screen = question(replies)
    assert screen.element.code == code
    assert screen.number == CODES.index(code) + 1
    assert screen.previous == WALK[code]
    assert screen.editing is True
    assert screen.can_go_back is True


@pytest.mark.parametrize("code", CODES)
def test_answering_a_changed_question_returns_to_review_not_the_next_question(code):
    state, replies = play([Change(code), Answer(code, 4)], state=at_review())

    assert state.stage is Stage.REVIEW
    assert state.editing is False
    assert state.answer_of(code) == 4
    assert state.saran == A_SARAN
    review = shown(replies)
    assert isinstance(review, ReviewScreen)
    assert dict((e.code, v) for e, v in review.answers) == {**WALK, code: 4}


def test_typed_digit_while_editing_returns_to_review():
    state, replies = play([Change("produk"), SaranText("1")], state=at_review())

    assert state.stage is Stage.REVIEW
    assert state.answer_of("produk") == 1
    assert isinstance(shown(replies), ReviewScreen)


@pytest.mark.parametrize("back", [Back("waktu"), SaranText("kembali")], ids=["button", "typed"])
def test_kembali_while_editing_returns_to_review_unchanged(back):
    before = at_review()

    state, replies = play([Change("waktu"), back], state=before)

    assert progress(state) == progress(before)
    assert replies == [current_screen(Q, before)]


def test_kembali_while_editing_question_one_returns_to_review_not_first_question_notice():
    before = at_review()

    state, replies = play([Change("prosedur"), Back("prosedur")], state=before)

    assert progress(state) == progress(before)
    assert notes(replies) == []


def test_change_saran_shows_the_previous_saran_in_editing_mode():
    state, replies = advance(Q, at_review(), Change(SARAN))

    assert state.stage is Stage.SARAN
    assert state.editing is True
    assert replies == [SaranScreen(prompt=Q.saran_prompt, previous=A_SARAN, editing=True)]


def test_change_saran_then_typed_text_updates_the_saran_and_returns_to_review():
    state, replies = play([Change(SARAN), SaranText("Saran baru.")], state=at_review())

    assert state.stage is Stage.REVIEW
    assert state.editing is False
    assert state.saran == "Saran baru."
    assert state.answers == tuple(WALK.items())
    assert shown(replies) == current_screen(Q, state)


def test_change_saran_then_back_returns_to_review_with_the_saran_unchanged():
    before = at_review()

    state, replies = play([Change(SARAN), Back(SARAN)], state=before)

    assert progress(state) == progress(before)
    assert replies == [current_screen(Q, before)]


def test_change_saran_then_lewati_removes_the_saran():
    state, _ = play([Change(SARAN), Skip()], state=at_review())

    assert state.stage is Stage.REVIEW
    assert state.saran is None


def test_change_saran_on_a_review_without_saran_then_typing_adds_one():
    state, _ = play([Change(SARAN), SaranText("Tambahan.")], state=at_review(saran=None))

    assert state.saran == "Tambahan."


@pytest.mark.parametrize("code", ["biaya", "nope", ""])
def test_change_with_a_code_not_in_the_questionnaire_is_stale(code):
    before = at_review()

    state, replies = advance(Q, before, Change(code))

    assert state == before
    assert replies == [Notice(Note.STALE), current_screen(Q, before)]


@pytest.mark.parametrize("before", [at_question(2), at_saran()], ids=["question", "saran"])
def test_change_outside_review_is_stale(before):
    state, replies = advance(Q, before, Change("prosedur"))

    assert state == before
    assert notes(replies) == [Note.STALE]


def test_change_while_already_editing_is_stale():
    before, _ = play([Change("waktu")], state=at_review())

    state, replies = advance(Q, before, Change("produk"))

    assert state == before
    assert replies == [Notice(Note.STALE), current_screen(Q, before)]


@pytest.mark.parametrize("typed", ["kirim", "Kirim", "  KIRIM\n"])
def test_typed_kirim_on_review_submits(typed):
    state, replies = advance(Q, at_review(), SaranText(typed))

    assert state.stage is Stage.SUBMITTED
    assert replies == [Notice(Note.THANKS)]


@pytest.mark.parametrize("typed", ["ya", "1", "lewati", "kirim sekarang", ""])
def test_other_text_on_review_gives_the_review_hint(typed):
    before = at_review()

    state, replies = advance(Q, before, SaranText(typed))

    assert state == before
    assert replies == [Notice(Note.REVIEW_HINT), current_screen(Q, before)]


def test_typed_kembali_on_review_reopens_the_saran_as_the_diagram_says():
    state, replies = advance(Q, at_review(), SaranText("kembali"))

    assert state.stage is Stage.SARAN
    assert isinstance(shown(replies), SaranScreen)


# --- stale and repeated buttons --------------------------------------------------------------


def test_answering_a_question_that_is_not_current_with_another_value_is_stale():
    before = at_question(3)

    state, replies = advance(Q, before, Answer("prosedur", 4))

    assert state == before
    assert replies == [Notice(Note.STALE), current_screen(Q, before)]


def test_answering_a_later_question_ahead_of_time_is_stale():
    before = at_question(2)

    state, replies = advance(Q, before, Answer("sarana", 3))

    assert state == before
    assert notes(replies) == [Note.STALE]


def test_pressing_the_same_answer_twice_only_says_already_recorded():
    once, _ = advance(Q, at_question(2), Answer("waktu", 2))

    twice, replies = advance(Q, once, Answer("waktu", 2))

    assert twice == once
    assert replies == [Notice(Note.ALREADY_RECORDED)]


def test_double_tap_on_the_last_question_from_the_saran_screen_says_already_recorded():
    before = at_saran()

    state, replies = advance(Q, before, Answer("sarana", WALK["sarana"]))

    assert state == before
    assert replies == [Notice(Note.ALREADY_RECORDED)]


def test_answer_button_pressed_on_the_review_screen_is_stale():
    before = at_review()

    state, replies = advance(Q, before, Answer("produk", 4))

    assert state == before
    assert replies == [Notice(Note.STALE), current_screen(Q, before)]
    assert isinstance(shown(replies), ReviewScreen)


def test_answer_for_an_unsur_outside_the_questionnaire_is_stale():
    before = at_question(1)

    state, replies = advance(Q, before, Answer("biaya", 3))

    assert state == before
    assert notes(replies) == [Note.STALE]


@pytest.mark.parametrize(
    ("before", "event"),
    [
        (at_question(2), Skip()),
        (at_review(), Skip()),
        (at_question(2), Submit()),
        (at_saran(), Submit()),
    ],
    ids=["skip-question", "skip-review", "submit-question", "submit-saran"],
)
def test_skip_outside_saran_and_submit_outside_review_are_stale(before, event):
    state, replies = advance(Q, before, event)

    assert state == before
    assert replies == [Notice(Note.STALE), current_screen(Q, before)]


# --- typed answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "value"), [("1", 1), ("2", 2), ("3", 3), ("4", 4), (" 3\n", 3)])
def test_typed_digit_answers_the_current_question(typed, value):
    state, replies = advance(Q, at_question(2), SaranText(typed))

    assert state.answer_of("waktu") == value
    assert question(replies).element.code == "produk"


@pytest.mark.parametrize("typed", ["5", "0", "baik", "", "lewati", "kirim", "3.0", "３", "1 2"])
def test_typed_text_other_than_1_to_4_gives_the_choose_hint_and_the_question_again(typed):
    before = at_question(2)

    state, replies = advance(Q, before, SaranText(typed))

    assert state == before
    assert replies == [Notice(Note.CHOOSE_HINT), current_screen(Q, before)]


# --- submit ----------------------------------------------------------------------------------


def test_submit_from_review_thanks_and_keeps_answers_and_saran():
    state, replies = advance(Q, at_review(), Submit())

    assert state.stage is Stage.SUBMITTED
    assert state.answers == tuple(WALK.items())
    assert state.saran == A_SARAN
    assert replies == [Notice(Note.THANKS)]


@pytest.mark.parametrize(
    "event",
    [
        Submit(),
        Start(),
        Cancel(),
        Cancel(True),
        Cancel(False),
        Answer("prosedur", 2),
        Answer("prosedur", WALK["prosedur"]),
        Back(SARAN),
        Change("waktu"),
        Change(SARAN),
        Skip(),
        SaranText("kirim"),
        SaranText("Saran terlambat."),
    ],
    ids=repr,
)
def test_every_event_after_submit_says_already_submitted(event):
    submitted, _ = advance(Q, at_review(), Submit())

    state, replies = advance(Q, submitted, event)

    assert state == submitted
    assert state.stage is Stage.SUBMITTED
    assert replies == [Notice(Note.ALREADY_SUBMITTED)]


def test_submitting_twice_stays_submitted():
    state, replies = play([Submit(), Submit()], state=at_review())

    assert state.stage is Stage.SUBMITTED
    assert replies == [Notice(Note.ALREADY_SUBMITTED)]


def test_current_screen_after_submit_says_already_submitted():
    submitted, _ = advance(Q, at_review(), Submit())

    assert current_screen(Q, submitted) == Notice(Note.ALREADY_SUBMITTED)


def test_current_screen_before_start_says_not_started():
    assert current_screen(Q, SurveyState()) == Notice(Note.NOT_STARTED)


# --- cancel ----------------------------------------------------------------------------------

IN_PROGRESS = {
    "question": at_question(3),
    "saran": at_saran(),
    "review": at_review(),
    "editing": play([Change("produk")], state=at_review())[0],
}


@pytest.mark.parametrize("before", IN_PROGRESS.values(), ids=IN_PROGRESS.keys())
def test_cancel_asks_for_confirmation(before):
    state, replies = advance(Q, before, Cancel())

    assert state.confirming_cancel is True
    assert state.answers == before.answers
    assert replies == [CancelScreen()]
    assert current_screen(Q, state) == CancelScreen()


@pytest.mark.parametrize("before", IN_PROGRESS.values(), ids=IN_PROGRESS.keys())
def test_confirmed_cancel_clears_the_answers_and_returns_to_new(before):
    state, replies = play([Cancel(), Cancel(True)], state=before)

    assert state == SurveyState()
    assert state.answers == ()
    assert state.saran is None
    assert replies == [Notice(Note.CANCELLED)]


@pytest.mark.parametrize("before", IN_PROGRESS.values(), ids=IN_PROGRESS.keys())
def test_declined_cancel_returns_to_the_current_screen_with_answers_kept(before):
    state, replies = play([Cancel(), Cancel(False)], state=before)

    assert state == before
    assert replies == [current_screen(Q, before)]


@pytest.mark.parametrize("confirmed", [True, False])
def test_answering_the_cancel_question_without_having_asked_is_stale(confirmed):
    before = at_question(3)

    state, replies = advance(Q, before, Cancel(confirmed))

    assert state == before
    assert replies == [Notice(Note.STALE), current_screen(Q, before)]


@pytest.mark.parametrize("event", [Cancel(), Cancel(True), Cancel(False)], ids=repr)
def test_cancel_before_starting_says_nothing_to_cancel(event):
    state, replies = advance(Q, SurveyState(), event)

    assert state == SurveyState()
    assert replies == [Notice(Note.NOTHING_TO_CANCEL)]


def test_asking_to_cancel_twice_still_shows_the_cancel_screen():
    state, replies = play([Cancel(), Cancel()], state=at_question(3))

    assert state.confirming_cancel is True
    assert replies == [CancelScreen()]


@pytest.mark.parametrize(
    "event",
    [Answer("produk", 4), SaranText("baik"), Start(), Back("prosedur"), Skip()],
    ids=repr,
)
def test_any_other_event_after_asking_to_cancel_clears_the_confirming_flag(event):
    asking, _ = advance(Q, at_question(3), Cancel())

    state, replies = advance(Q, asking, event)

    assert state.confirming_cancel is False
    assert CancelScreen() not in replies
    assert state.answers[: len(asking.answers)] == asking.answers


def test_a_stale_confirmation_after_asking_was_abandoned_does_not_cancel():
    before = at_question(3)

    state, replies = play([Cancel(), SaranText("baik"), Cancel(True)], state=before)

    assert state == before
    assert notes(replies) == [Note.STALE]


def test_answering_after_asking_to_cancel_records_the_answer_and_moves_on():
    state, replies = play([Cancel(), Answer("produk", 4)], state=at_question(3))

    assert state.answer_of("produk") == 4
    assert question(replies).element.code == "kompetensi"


def test_start_after_a_confirmed_cancel_begins_again_at_question_one():
    state, replies = play([Cancel(), Cancel(True), Start()], state=at_review())

    assert state == SurveyState(stage=Stage.QUESTION)
    assert notes(replies) == []
    assert question(replies).number == 1


# --- resume ----------------------------------------------------------------------------------


@pytest.mark.parametrize("before", IN_PROGRESS.values(), ids=IN_PROGRESS.keys())
def test_start_in_progress_says_resumed_and_shows_the_current_screen(before):
    state, replies = advance(Q, before, Start())

    assert state == before
    assert replies == [Notice(Note.RESUMED), current_screen(Q, before)]


def test_start_while_asking_to_cancel_resumes_the_survey_screen():
    before = at_saran()
    asking, _ = advance(Q, before, Cancel())

    state, replies = advance(Q, asking, Start())

    assert state == before
    assert replies == [Notice(Note.RESUMED), current_screen(Q, before)]
    assert isinstance(shown(replies), SaranScreen)


# --- whole walks -----------------------------------------------------------------------------


def test_a_full_walk_with_the_nine_unsur_questionnaire_stores_all_nine_answers_by_code():
    values = dict(zip(Q9.codes, (4, 3, 2, 1, 4, 3, 2, 1, 4), strict=True))
    events: list[Event] = [Start(), *(Answer(c, v) for c, v in values.items())]

    state, replies = play([*events, SaranText("Lanjutkan."), Submit()], q=Q9)

    assert state.stage is Stage.SUBMITTED
    assert dict(state.answers) == values
    assert len(state.answers) == 9
    assert state.saran == "Lanjutkan."
    assert replies == [Notice(Note.THANKS)]


def test_nine_unsur_questions_are_numbered_out_of_nine():
    screen = current_screen(Q9, at_question(9, Q9))

    assert isinstance(screen, QuestionScreen)
    assert (screen.number, screen.total, screen.element.code) == (9, 9, "sarana")


def test_a_full_walk_by_typing_only_submits_the_typed_answers():
    typed = ["1", "2", "3", "4", "2", "3", "Pelayanan baik.", "kirim"]

    state, replies = play([Start(), *(SaranText(t) for t in typed)])

    assert state.stage is Stage.SUBMITTED
    assert state.answers == tuple(WALK.items())
    assert state.saran == "Pelayanan baik."
    assert replies == [Notice(Note.THANKS)]


# --- the state's helpers ---------------------------------------------------------------------


def test_with_answer_replaces_a_value_without_touching_the_others():
    state = SurveyState(answers=(("prosedur", 1), ("waktu", 2)))

    changed = state.with_answer("prosedur", 4)

    assert changed.answer_of("prosedur") == 4
    assert changed.answer_of("waktu") == 2
    assert len(changed.answers) == 2
    assert state.answer_of("prosedur") == 1
    assert state.answer_of("sarana") is None


def test_control_characters_are_stripped_from_typed_text_but_line_breaks_stay():
    state = SurveyState(stage=Stage.SARAN)
    state, _ = advance(Q, state, SaranText("AC rusak\x00\x07 tolong\nsegera\x7f"))
    assert state.saran == "AC rusak tolong\nsegera"
