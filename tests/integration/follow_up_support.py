"""Builders shared by the follow-up tests (no tests here): a period with released results."""

from __future__ import annotations

from survey.conversation.events import Answer, Skip, Start, Submit
from survey.people.model import Person, Role
from survey.services import Services
from tests.integration.helpers import open_period
from tests.integration.test_records_support import roster

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")
#: Three members' answers: sarana is the weakest (NRR 2), then prosedur (3).
SHEET = ((3, 4, 3, 3, 4, 1), (4, 4, 3, 3, 4, 2), (2, 3, 4, 4, 4, 3))


async def submit(services: Services, person_id: int, values) -> None:
    """One member answers every question and submits."""
    await services.survey.handle(person_id, Start())
    for code, value in zip(CODES, values, strict=True):
        await services.survey.handle(person_id, Answer(code, value))
    await services.survey.handle(person_id, Skip())
    await services.survey.handle(person_id, Submit())


async def released(services: Services, name: str = "Semester II 2026") -> dict[str, Person]:
    """The records roster, and a period whose three responses are released (k = 3)."""
    people = await roster(services)
    await open_period(services, name)
    members = [p for p in people.values() if p.role is Role.ANGGOTA]
    for person, values in zip(members, SHEET, strict=True):
        await submit(services, person.id, values)
    assert (await services.results.period_result(name)).shown
    return people
