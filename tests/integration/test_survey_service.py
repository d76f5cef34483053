"""The survey service on a real database: progress rows, submit, anonymity, races."""

from __future__ import annotations

import asyncio
import json

from sqlmodel import func, select

from ikm.db import Database
from survey.conversation.events import Answer, Back, Cancel, SaranText, Skip, Start, Submit
from survey.conversation.screens import Note, Notice, QuestionScreen, ReviewScreen
from survey.services import Services
from survey.tables import AnswerRow, DraftRow, ParticipationRow, ResponseRow, SealedResponseRow
from tests.integration.helpers import members, open_period

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")


async def answer_all(services: Services, person_id: int, values=(3, 4, 2, 3, 4, 1)) -> None:
    await services.survey.handle(person_id, Start())
    for code, value in zip(CODES, values, strict=True):
        await services.survey.handle(person_id, Answer(code, value))


async def count(db: Database, column) -> int:
    async with db.transaction() as session:
        return (await session.exec(select(func.count(column)))).one()


async def test_each_answer_is_stored_before_the_next_question_is_shown(services, db):
    (person, *_) = await members(services)
    await open_period(services)
    await services.survey.handle(person.id, Start())
    replies = await services.survey.handle(person.id, Answer("prosedur", 3))
    assert isinstance(replies[0], QuestionScreen) and replies[0].element.code == "waktu"
    async with db.transaction() as session:
        draft = (await session.exec(select(DraftRow))).one()
    assert draft.answers == '{"prosedur": 3}' and draft.position == 1


async def test_a_new_service_resumes_at_the_same_question(services, db, clock):
    (person, *_) = await members(services)
    await open_period(services)
    await services.survey.handle(person.id, Start())
    await services.survey.handle(person.id, Answer("prosedur", 2))
    await services.survey.handle(person.id, Answer("waktu", 4))
    restarted = Services.build(Database(db.engine), clock)
    replies = await restarted.survey.resume(person.id)
    assert replies[0] == Notice(Note.RESUMED)
    screen = replies[1]
    assert isinstance(screen, QuestionScreen) and screen.element.code == "produk"
    await restarted.survey.handle(person.id, Back("produk"))
    replies = await restarted.survey.handle(person.id, Back("waktu"))
    assert isinstance(replies[0], QuestionScreen) and replies[0].previous == 2


async def test_submit_seals_the_response_apart_from_the_participation(services, db):
    (person, *_) = await members(services)
    await open_period(services)
    await answer_all(services, person.id)
    await services.survey.handle(person.id, SaranText("Ruang rapat perlu AC baru"))
    replies = await services.survey.handle(person.id, Submit())
    assert replies == [Notice(Note.THANKS)]
    async with db.transaction() as session:
        sealed = (await session.exec(select(SealedResponseRow))).one()
        released = (await session.exec(select(ResponseRow))).all()
        participation = (await session.exec(select(ParticipationRow))).one()
        drafts = (await session.exec(select(DraftRow))).all()
    assert sealed.saran == "Ruang rapat perlu AC baru"
    assert sealed.questionnaire_version == "dprd-6-v1"
    assert json.loads(sealed.answers) == dict(zip(CODES, (3, 4, 2, 3, 4, 1), strict=True))
    assert released == []  # one response alone would be traceable: it waits for k = 3
    assert participation.person_id == person.id
    assert drafts == []
    for table in (ResponseRow, SealedResponseRow):
        assert not {"person_id", "created_at", "submitted_at", "updated_at"} & set(
            table.model_fields
        )
    assert set(ParticipationRow.model_fields) == {"period_id", "person_id"}


async def test_the_kth_submit_releases_the_batch_with_fresh_ids(services, db):
    people = await members(services, 3)
    await open_period(services)
    sealed_ids = []
    for n, person in enumerate(people):
        await answer_all(services, person.id, values=(n + 1, 4, 2, 3, 4, 1))
        await services.survey.handle(person.id, SaranText(f"saran {n}"))
        await services.survey.handle(person.id, Submit())
        async with db.transaction() as session:
            sealed_ids += (await session.exec(select(SealedResponseRow.id))).all()
    assert len(set(sealed_ids)) == 2  # the third submit released all three at once
    async with db.transaction() as session:
        released = (await session.exec(select(ResponseRow))).all()
        prosedur = select(AnswerRow.value).where(AnswerRow.element == "prosedur")
        first = (await session.exec(prosedur)).all()
        assert (await session.exec(select(SealedResponseRow))).all() == []
    assert {r.saran for r in released} == {"saran 0", "saran 1", "saran 2"}
    assert sorted(first) == [1, 2, 3]
    assert not {r.id for r in released} & set(sealed_ids)
    assert await count(db, AnswerRow.element) == 18


async def test_after_submit_nothing_can_change(services, db):
    (person, *_) = await members(services)
    await open_period(services)
    await answer_all(services, person.id)
    await services.survey.handle(person.id, Skip())
    await services.survey.handle(person.id, Submit())
    for event in (Submit(), Start(), Answer("prosedur", 1), Cancel(True)):
        assert await services.survey.handle(person.id, event) == [Notice(Note.ALREADY_SUBMITTED)]
    assert await count(db, SealedResponseRow.id) == 1
    assert await count(db, ResponseRow.id) == 0
    assert await count(db, DraftRow.id) == 0


async def test_two_concurrent_submits_store_one_response(services, db, clock):
    (person, *_) = await members(services)
    await open_period(services)
    await answer_all(services, person.id)
    await services.survey.handle(person.id, Skip())
    other = Services.build(Database.from_url(str(db.engine.url)), clock)
    try:
        results = await asyncio.gather(
            services.survey.handle(person.id, Submit()),
            other.survey.handle(person.id, Submit()),
        )
    finally:
        await other.survey.db.dispose()  # type: ignore[attr-defined]
    assert sorted(r[0].note.value for r in results) == ["already_submitted", "thanks"]
    assert await count(db, SealedResponseRow.id) == 1
    assert await count(db, ParticipationRow.person_id) == 1


async def test_cancel_confirmed_deletes_the_draft(services, db):
    (person, *_) = await members(services)
    await open_period(services)
    await services.survey.handle(person.id, Start())
    await services.survey.handle(person.id, Answer("prosedur", 3))
    await services.survey.handle(person.id, Cancel())
    assert await count(db, DraftRow.id) == 1
    assert await services.survey.handle(person.id, Cancel(True)) == [Notice(Note.CANCELLED)]
    assert await count(db, DraftRow.id) == 0
    replies = await services.survey.handle(person.id, Start())
    assert isinstance(replies[0], QuestionScreen) and replies[0].previous is None


async def test_staff_and_strangers_cannot_answer(services):
    await open_period(services)
    assert await services.survey.handle(999, Start()) == [Notice(Note.NOT_A_MEMBER)]


async def test_no_open_period_is_said_plainly(services):
    (person, *_) = await members(services)
    assert await services.survey.handle(person.id, Start()) == [Notice(Note.NO_OPEN_PERIOD)]


async def test_deactivated_member_cannot_answer(services):
    (person, *_) = await members(services)
    await open_period(services)
    await services.roster.set_active(person.phone, False)
    assert await services.survey.handle(person.id, Start()) == [Notice(Note.NOT_A_MEMBER)]


async def test_review_after_full_walk_lists_every_answer(services):
    (person, *_) = await members(services)
    await open_period(services)
    await answer_all(services, person.id)
    replies = await services.survey.handle(person.id, Skip())
    review = replies[0]
    assert isinstance(review, ReviewScreen)
    assert [(e.code, v) for e, v in review.answers] == list(
        zip(CODES, (3, 4, 2, 3, 4, 1), strict=True)
    )
