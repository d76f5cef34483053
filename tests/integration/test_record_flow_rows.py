"""The recording flow's row across an upgrade: a flow stored in today's format resumes, and a
row that cannot be read gives a clear message and a fresh start, never a crash."""

from __future__ import annotations

import pytest

from survey.people.model import Person
from survey.records.flow.model import FlowKind, FlowNote, FlowNotice, FlowScreen, Step
from survey.records.flow.service import RecordFlowService
from survey.records.flow.tables import RecordFlowRow
from tests.integration.test_records_support import roster


@pytest.fixture
def flows(db, clock) -> RecordFlowService:
    return RecordFlowService(db, clock)


@pytest.fixture
async def people(services) -> dict[str, Person]:
    return await roster(services)


async def put_row(db, person: Person, kind: str, step: str, version: int, data: str) -> None:
    async with db.transaction() as session:
        row = RecordFlowRow(person_id=person.id, kind=kind, step=step, version=version, data=data)
        session.add(row)


async def test_a_flow_stored_before_the_upgrade_resumes_and_goes_on(flows, people, db):
    staff = people["rahmah"]
    data = '{"since": 2, "page": 0, "training": null, "ticked": [], "name": "Bimtek"}'
    await put_row(db, staff, "pelatihan", "tanggal", 2, data)
    replies = await flows.resume(staff)
    assert isinstance(replies[0], FlowNotice) and replies[0].note is FlowNote.RESUMED
    assert isinstance(replies[1], FlowScreen) and replies[1].step is Step.TRAINING_DATES
    [screen] = await flows.typed(staff, "5 Januari 2026")
    assert isinstance(screen, FlowScreen) and screen.step is Step.ORGANISER


@pytest.mark.parametrize(
    ("kind", "step", "data"),
    [("pelatihan", "peserta", "{not json"), ("terbang", "x", "{}"), ("laporan", "diterima", "{}")],
)
async def test_a_row_that_cannot_be_read_is_said_and_started_afresh(
    flows, people, db, kind, step, data
):
    staff = people["rahmah"]
    await put_row(db, staff, kind, step, 4, data)
    typed = await flows.typed(staff, "5 Januari 2026")
    assert [r.note for r in typed if isinstance(r, FlowNotice)] == [
        FlowNote.BROKEN,
        FlowNote.NO_FLOW,
    ]
    assert not await flows.active(staff.id)
    [screen] = await flows.start(staff, FlowKind.MEETING)
    assert isinstance(screen, FlowScreen) and screen.step is Step.MEETING
