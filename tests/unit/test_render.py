"""Rendering: the engine's screens become Indonesian text and buttons whose actions decode."""

from __future__ import annotations

import pytest

from bot.chat import texts
from bot.chat.render import OUTCOMES, Button, Message, render
from survey.conversation.engine import Stage, SurveyState, advance, current_screen
from survey.conversation.events import Answer, Change, Start, decode
from survey.conversation.screens import (
    CancelScreen,
    Note,
    Notice,
    QuestionScreen,
    Reply,
    ReviewScreen,
    SaranScreen,
)
from survey.questionnaire.model import load_questionnaire

Q = load_questionnaire()
Q9 = load_questionnaire("permenpanrb-9-v1")
WALK = dict(zip(Q.codes, (1, 2, 3, 4, 2, 3), strict=True))
TELEGRAM_TEXT_LIMIT = 4096


def question_screen(code: str, **overrides: object) -> QuestionScreen:
    fields: dict[str, object] = {
        "element": Q.element(code),
        "number": Q.codes.index(code) + 1,
        "total": len(Q.elements),
        "previous": None,
        "can_go_back": Q.codes.index(code) > 0,
        "editing": False,
    }
    return QuestionScreen(**{**fields, **overrides})  # type: ignore[arg-type]


def review_screen(saran: str | None = "Perbaiki ruang fraksi.") -> ReviewScreen:
    return ReviewScreen(answers=tuple((Q.element(c), v) for c, v in WALK.items()), saran=saran)


def labels(message: Message) -> list[str]:
    return [b.label for b in message.buttons]


def actions(message: Message) -> list[str]:
    return [b.action for b in message.buttons]


# --- question --------------------------------------------------------------------------------


def test_question_text_has_its_number_out_of_total_its_name_and_the_question():
    message = render(question_screen("waktu"))

    first_line, *rest = message.text.split("\n")
    assert "Pertanyaan 2 dari 6" in first_line
    assert "Waktu Penyelesaian" in first_line
    assert Q.element("waktu").question in rest
    assert message.brief is False


def test_question_buttons_are_the_four_labels_lowest_score_first_then_kembali():
    message = render(question_screen("waktu"))

    assert message.buttons == (
        Button("Tidak cepat", "jawab:waktu:1"),
        Button("Kurang cepat", "jawab:waktu:2"),
        Button("Cepat", "jawab:waktu:3"),
        Button("Sangat cepat", "jawab:waktu:4"),
        Button("Kembali", "kembali:waktu"),
    )


def test_question_one_has_only_the_four_answer_buttons():
    message = render(question_screen("prosedur"))

    assert actions(message) == [f"jawab:prosedur:{v}" for v in (1, 2, 3, 4)]
    assert texts.BACK not in labels(message)


def test_question_shows_the_previous_answer_by_label():
    message = render(question_screen("produk", previous=3))

    assert "(jawaban sebelumnya: Sesuai)" in message.text


def test_question_without_a_previous_answer_does_not_mention_one():
    message = render(question_screen("produk"))

    assert "sebelumnya" not in message.text


def test_question_being_edited_offers_kembali_ke_ringkasan():
    message = render(question_screen("prosedur", can_go_back=True, editing=True, previous=1))

    assert message.buttons[-1] == Button("Kembali ke ringkasan", "kembali:prosedur")
    assert len(message.buttons) == 5


@pytest.mark.parametrize("q", [Q, Q9], ids=lambda q: q.version)
def test_every_question_renders_its_options_in_score_order(q):
    for number, element in enumerate(q.elements, start=1):
        screen = QuestionScreen(element, number, len(q.elements), None, number > 1, False)
        message = render(screen)

        assert f"Pertanyaan {number} dari {len(q.elements)}" in message.text
        answers = message.buttons[:4]
        assert [b.label for b in answers] == list(element.options)
        assert [decode(b.action) for b in answers] == [
            Answer(element.code, v) for v in range(1, 5)
        ]


# --- saran -----------------------------------------------------------------------------------


def test_saran_screen_shows_the_prompt_with_lewati_and_kembali():
    message = render(SaranScreen(prompt=Q.saran_prompt, previous=None, editing=False))

    assert Q.saran_prompt in message.text
    assert "1000 karakter" in message.text
    assert "sebelumnya" not in message.text
    assert message.buttons == (Button("Lewati", "lewati"), Button("Kembali", "kembali:saran"))


def test_saran_screen_being_edited_shows_the_previous_saran_and_kembali_ke_ringkasan():
    message = render(SaranScreen(prompt=Q.saran_prompt, previous="Saran lama.", editing=True))

    assert "Saran sebelumnya: Saran lama." in message.text
    assert message.buttons[-1] == Button("Kembali ke ringkasan", "kembali:saran")


def test_saran_with_braces_is_shown_as_typed():
    message = render(SaranScreen(prompt="Saran", previous="{detail} {0}", editing=True))

    assert "{detail} {0}" in message.text


# --- review ----------------------------------------------------------------------------------


def test_review_lists_all_six_answers_by_label_in_order():
    lines = render(review_screen()).text.split("\n")

    expected = [
        "1. Sistem, Mekanisme, dan Prosedur: Tidak mudah",
        "2. Waktu Penyelesaian: Kurang cepat",
        "3. Produk Spesifikasi Jenis Pelayanan: Sesuai",
        "4. Kompetensi Pelaksana: Sangat kompeten",
        "5. Perilaku Pelaksana: Kurang sopan dan ramah",
        "6. Sarana dan Prasarana: Baik",
    ]
    assert [line for line in lines if line[:2] in {f"{n}." for n in range(1, 7)}] == expected


def test_review_has_kirim_first_then_a_change_button_per_answer_then_ubah_saran():
    message = render(review_screen())

    assert message.buttons[0] == Button("Kirim", "kirim")
    assert [decode(a) for a in actions(message)[1:7]] == [Change(c) for c in Q.codes]
    assert labels(message)[1] == "Ubah 1. Sistem, Mekanisme, dan Prosedur"
    assert message.buttons[-1] == Button("Ubah saran", "ubah:saran")
    assert len(message.buttons) == 8


def test_review_shows_the_saran_or_says_there_is_none():
    assert "Saran: Perbaiki ruang fraksi." in render(review_screen()).text
    assert "Saran: (tidak ada)" in render(review_screen(saran=None)).text


def test_review_of_nine_answers_and_the_longest_saran_fits_one_telegram_message():
    screen = ReviewScreen(answers=tuple((e, 4) for e in Q9.elements), saran="a" * 1000)

    message = render(screen)

    assert len(message.text) <= TELEGRAM_TEXT_LIMIT
    assert len(message.buttons) == 1 + 9 + 1


# --- cancel and notices ----------------------------------------------------------------------


def test_cancel_screen_asks_with_yes_and_no_buttons():
    message = render(CancelScreen())

    assert message.text == texts.CANCEL_QUESTION
    assert message.buttons == (
        Button("Ya, batalkan", "batal:ya"),
        Button(texts.CANCEL_NO, "batal:tidak"),
    )
    assert message.brief is False


@pytest.mark.parametrize("note", list(Note))
def test_every_notice_renders_as_text_without_buttons_brief_unless_it_ends_something(note):
    message = render(Notice(note))

    assert message.brief is (note not in OUTCOMES)
    assert message.buttons == ()
    assert message.text.strip()
    assert "{" not in message.text


def test_the_thanks_notice_starts_with_terima_kasih():
    assert render(Notice(Note.THANKS)).text.startswith("Terima kasih")


def test_the_saran_too_long_notice_says_how_long_it_was():
    message = render(Notice(Note.SARAN_TOO_LONG, "1001"))

    assert "1001 karakter" in message.text
    assert "paling banyak 1000 karakter" in message.text


def test_screens_are_not_brief():
    screens: list[Reply] = [
        question_screen("waktu"),
        SaranScreen("Saran", None, False),
        review_screen(),
        CancelScreen(),
    ]
    assert all(not render(s).brief for s in screens)


def test_rendering_something_that_is_not_a_reply_is_a_type_error():
    with pytest.raises(TypeError, match="unknown reply"):
        render("not a reply")  # type: ignore[arg-type]


# --- rendered buttons drive the engine -------------------------------------------------------


def press(state: SurveyState, label: str) -> tuple[SurveyState, Message]:
    """Press the button labelled `label` on the screen currently shown."""
    shown = render(current_screen(Q, state))
    action = next(b.action for b in shown.buttons if b.label == label)
    state, replies = advance(Q, state, decode(action))
    return state, render(replies[-1])


def test_a_survey_can_be_changed_and_submitted_by_pressing_only_rendered_buttons():
    state, _ = advance(Q, SurveyState(), Start())
    for element in Q.elements:
        state, _ = press(state, element.label(WALK[element.code]))
    state, _ = press(state, "Lewati")
    state, message = press(state, "Ubah 3. Produk Spesifikasi Jenis Pelayanan")
    assert "(jawaban sebelumnya: Sesuai)" in message.text
    state, message = press(state, "Sangat sesuai")
    assert "3. Produk Spesifikasi Jenis Pelayanan: Sangat sesuai" in message.text
    state, message = press(state, "Kirim")

    assert state.stage is Stage.SUBMITTED
    assert dict(state.answers) == {**WALK, "produk": 4}
    assert message.text.startswith("Terima kasih")


def test_kembali_buttons_walk_back_from_the_saran_screen_to_question_one():
    state, _ = advance(Q, SurveyState(), Start())
    for code in Q.codes:
        state, _ = advance(Q, state, Answer(code, 2))
    for _ in Q.codes:
        state, message = press(state, "Kembali")

    assert "Pertanyaan 1 dari 6" in message.text
    assert texts.BACK not in labels(message)


@pytest.mark.parametrize("note", [Note.THANKS, Note.CANCELLED, Note.ALREADY_SUBMITTED])
def test_outcomes_are_full_messages_not_toasts(note):
    assert render(Notice(note)).brief is False


def test_a_long_saran_is_counted_and_limited_in_one_way_of_writing_numbers():
    text = render(Notice(Note.SARAN_TOO_LONG, "1499")).text
    assert text == "Saran terlalu panjang: 1499 karakter, paling banyak 1000 karakter."
    assert "1000 karakter" in texts.SARAN_HINT and "1.000" not in texts.SARAN_HINT
