"""The survey step reached by chat account: the person is found in the step's own transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection
from sqlmodel import func, select

from bot.chat.render import Message
from bot.chat.router import Router
from survey.conversation.events import Answer, Start
from survey.conversation.screens import Note, Notice, QuestionScreen
from survey.people.model import Role
from survey.tables import DraftRow
from tests.integration.helpers import members, open_period, row


async def drafts(db) -> int:
    async with db.transaction() as session:
        return (await session.exec(select(func.count(DraftRow.id)))).one()


async def test_a_bound_member_answers_through_the_account(services, db):
    (person, *_) = await members(services, 1)
    await open_period(services)
    await services.accounts.bind_phone("telegram", "111", person.phone)
    await services.survey.handle_account("telegram", "111", Start())
    replies = await services.survey.handle_account("telegram", "111", Answer("prosedur", 3))
    assert replies is not None
    assert isinstance(replies[0], QuestionScreen) and replies[0].element.code == "waktu"
    resumed = await services.survey.resume(person.id)
    assert isinstance(resumed[1], QuestionScreen) and resumed[1].previous is None
    back = await services.survey.handle(person.id, Answer("waktu", 4))
    assert isinstance(back[0], QuestionScreen) and back[0].element.code == "produk"


async def test_an_unbound_or_deactivated_account_is_nobody(services, db):
    (person, *_) = await members(services, 1)
    await open_period(services)
    assert await services.survey.handle_account("telegram", "404", Start()) is None
    await services.accounts.bind_phone("telegram", "111", person.phone)
    await services.roster.set_active(person.phone, False)
    assert await services.survey.handle_account("telegram", "111", Start()) is None
    assert await drafts(db) == 0


async def test_bound_staff_are_told_the_survey_is_for_members(services):
    await services.roster.import_rows([row(2, "Staf", "+6281299990000", Role.STAF)], dry_run=False)
    await open_period(services)
    await services.accounts.bind_phone("telegram", "222", "+6281299990000")
    replies = await services.survey.handle_account("telegram", "222", Start())
    assert replies == [Notice(Note.NOT_A_MEMBER)]


async def test_work_that_fails_leaves_nothing_behind(services, db):
    (person, *_) = await members(services, 1)
    await open_period(services)
    await services.survey.handle(person.id, Start())

    def half_done(conn: Connection) -> None:
        conn.execute(DraftRow.__table__.delete())  # type: ignore[attr-defined]
        raise RuntimeError("after the first statement")

    with pytest.raises(RuntimeError):
        await db.run(half_done)
    assert await drafts(db) == 1


async def test_router_by_account_tells_strangers_forgeries_and_screens_apart(services):
    (person, *_) = await members(services, 1)
    await open_period(services)
    await services.accounts.bind_phone("telegram", "111", person.phone)
    router = Router(services)
    assert await router.account_action("telegram", "404", "jawab:prosedur:3") is None
    assert await router.account_action("telegram", "404", "bogus") is None
    forged = await router.account_action("telegram", "111", "bogus")
    assert forged is not None and isinstance(forged[0], Message) and forged[0].brief
    await router.command(person, "survei", "")
    screens = await router.account_action("telegram", "111", "jawab:prosedur:3")
    assert screens is not None and isinstance(screens[0], Message)
    assert [b.action for b in screens[0].buttons][-1].startswith("kembali:")


async def test_a_button_delivered_twice_is_claimed_with_its_step_and_changes_nothing_again(
    services, db
):
    from bot.telegram.inbox import TelegramInbox

    (person, *_) = await members(services, 1)
    await open_period(services)
    await services.accounts.bind_phone("telegram", "111", person.phone)
    inbox = TelegramInbox(db)
    await services.survey.handle_account("telegram", "111", Start(), once=inbox.once(7, 500))
    first = await services.survey.handle_account(
        "telegram", "111", Answer("prosedur", 3), once=inbox.once(7, 501)
    )
    assert first is not None and isinstance(first[0], QuestionScreen)
    again = await services.survey.handle_account(
        "telegram", "111", Answer("prosedur", 1), once=inbox.once(7, 501)
    )
    assert again == []  # the second delivery of update 501: no reply, no change
    async with db.transaction() as session:
        draft = (await session.exec(select(DraftRow))).one()
    assert draft.answers == '{"prosedur": 3}'
    assert await inbox.arrived(7, 501) is False and await inbox.arrived(7, 502) is True
