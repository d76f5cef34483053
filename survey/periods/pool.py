"""The sealed pool between a member's submit and the results, so who and what never meet.

A submit writes who (a participation row) and what (a sealed response) in one transaction:
a crash loses nothing and a second submit is refused. Sealed responses reach the result tables
only in batches of at least k (`IKM_MIN_RESPONSES`), in random order with fresh random ids, in
a transaction of their own; a closed period's remainder goes whatever its size. After each
release the freed rows are erased from the database files (`UnitOfWork.scrub`), so nothing
stored afterwards ties a released response to the submit that made it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from survey.ports import UnitOfWork
from survey.tables import (
    AnswerRow,
    DraftRow,
    PeriodRow,
    ResponseRow,
    SealedResponseRow,
    new_response_id,
)

POOL = SealedResponseRow.__table__  # type: ignore[attr-defined]
RESPONSE = ResponseRow.__table__  # type: ignore[attr-defined]
ANSWER = AnswerRow.__table__  # type: ignore[attr-defined]
PERIOD = PeriodRow.__table__  # type: ignore[attr-defined]

log = logging.getLogger(__name__)

#: Tables whose deleted rows once sat next to a person: erased for real after a release.
ERASED = (POOL.name, DraftRow.__tablename__)


def seal(
    conn: Connection,
    *,
    period_id: int,
    version: str,
    answers: Sequence[tuple[str, int]],
    saran: str | None,
) -> None:
    """Put a submitted response in the pool (inside the submit's transaction)."""
    conn.execute(
        POOL.insert(),
        {
            "id": new_response_id(),
            "period_id": period_id,
            "questionnaire_version": version,
            "answers": json.dumps(dict(answers)),
            "saran": saran,
        },
    )


def release(conn: Connection, *, minimum: int) -> int:
    """Release every ready batch: an open period's pool once it holds `minimum` responses, a
    closed period's whatever it holds. Returns how many responses were released."""
    pooled = conn.execute(
        sa.select(
            POOL.c.id,
            POOL.c.period_id,
            POOL.c.questionnaire_version,
            POOL.c.answers,
            POOL.c.saran,
            PERIOD.c.status,
        )
        .join(PERIOD, PERIOD.c.id == POOL.c.period_id)
        .with_for_update(of=POOL)  # PostgreSQL: a racing release waits, then finds them gone
    ).all()
    batches: defaultdict[int, list[Any]] = defaultdict(list)
    for row in pooled:
        batches[row.period_id].append(row)
    released = 0
    for rows in batches.values():
        if rows[0].status == "open" and len(rows) < minimum:
            continue
        _publish(conn, rows)
        released += len(rows)
    return released


def _publish(conn: Connection, rows: list[Any]) -> None:
    """Move one batch to the result tables, shuffled, under ids it never had in the pool."""
    secrets.SystemRandom().shuffle(rows)
    responses: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    for row in rows:
        response_id = new_response_id()
        responses.append(
            {
                "id": response_id,
                "period_id": row.period_id,
                "questionnaire_version": row.questionnaire_version,
                "saran": row.saran,
            }
        )
        answers.extend(
            {"response_id": response_id, "element": code, "period_id": row.period_id, "value": v}
            for code, v in json.loads(row.answers).items()
        )
    conn.execute(RESPONSE.insert(), responses)
    if answers:
        conn.execute(ANSWER.insert(), answers)
    conn.execute(POOL.delete().where(POOL.c.id.in_([row.id for row in rows])))


def pooled(conn: Connection, period_id: int | None = None) -> int:
    """How many submitted responses wait in the pool (of one period, or of all)."""
    query = sa.select(sa.func.count()).select_from(POOL)
    if period_id is not None:
        query = query.where(POOL.c.period_id == period_id)
    return int(conn.execute(query).scalar_one())


class ResponsePool:
    """Releases the pool in batches of at least `minimum` and erases what it leaves behind.

    The erasure follows a release by `delay` seconds, off the caller's path (a member's
    "Terima kasih" does not wait for a checkpoint), and releases in quick succession share
    one; `erased()` waits for it, and start-up repeats it in case a crash came first.
    """

    def __init__(self, db: UnitOfWork, minimum: int, *, delay: float = 0.5) -> None:
        self.db = db
        self.minimum = minimum
        self.delay = delay
        self._dirty = False
        self._erasing: asyncio.Task[None] | None = None

    async def release(self) -> int:
        """Release whatever is ready; its erasure follows shortly (see `erased`)."""
        released = await self.db.run(partial(release, minimum=self.minimum))
        if released:
            self._dirty = True
            if self._erasing is None or self._erasing.done():
                self._erasing = asyncio.create_task(self._erase_soon())
        return released

    async def erased(self) -> None:
        """Wait until every release so far has been erased from the files."""
        while self._erasing is not None and not self._erasing.done():
            await asyncio.shield(self._erasing)
        if self._dirty:  # the task ended before it could erase (cancelled): do it here
            self._dirty = False
            await self.db.scrub(ERASED)

    async def _erase_soon(self) -> None:
        while self._dirty:
            await asyncio.sleep(self.delay)
            self._dirty = False
            try:
                await self.db.scrub(ERASED)
            except Exception:  # the next release or start-up erases again
                self._dirty = True
                log.exception("pool: erasing the released rows failed")
                return

    async def settle(self) -> int:
        """At start-up: release what a crash left ready, and erase whatever a crash left
        between a release and its erasure."""
        released = await self.db.run(partial(release, minimum=self.minimum))
        self._dirty = True
        await self.erased()
        return released

    async def waiting(self) -> int:
        """How many submitted responses are not released yet."""
        return await self.db.run(pooled)
