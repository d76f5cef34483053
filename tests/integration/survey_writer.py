"""Survey submits for backup tests, as `python -m tests.integration.survey_writer URL`.

Each roster member in turn answers the open period's survey in full and submits; the member's id
is printed (and flushed) once the submit has committed. Runs until every member has answered or
the process is terminated.
"""

from __future__ import annotations

import asyncio
import sys

from ikm.db import Database
from survey.conversation.events import Answer, SaranText, Start, Submit
from survey.people.model import Role
from survey.services import Services

CODES = ("prosedur", "waktu", "produk", "kompetensi", "perilaku", "sarana")


async def write(url: str, pause: float) -> None:
    db = Database.from_url(url)
    services = Services.build(db)
    try:
        for person in await services.roster.people():
            if person.role is not Role.ANGGOTA:
                continue
            await services.survey.handle(person.id, Start())
            for n, code in enumerate(CODES):
                await services.survey.handle(person.id, Answer(code, 1 + (person.id + n) % 4))
            await services.survey.handle(person.id, SaranText(f"saran nomor {person.id}"))
            await services.survey.handle(person.id, Submit())
            print(person.id, flush=True)
            await asyncio.sleep(pause)
    finally:
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(write(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.005))
