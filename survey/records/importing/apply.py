"""Apply the lines of a records file inside the import's transaction, row by row, by the rules."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import select

from survey.dates import format_date
from survey.people.model import Role
from survey.people.phone import normalize_phone
from survey.ports import DomainError
from survey.records.importing.file import (
    Line,
    MeetingLine,
    TaskLine,
    TrainingLine,
    key,
)
from survey.records.model import Training
from survey.records.ops import Recorder
from survey.records.queries import find_meeting, find_task, find_training
from survey.sheets import RowProblem
from survey.tables import PersonRow

PHONE_IN_TEXT = re.compile(r"\+?\d[\d .\-]{7,}\d")


@dataclass(frozen=True)
class Outcome:
    """What a row did, in words, and the counters it adds to (`kehadiran baru` …)."""

    row: int
    text: str
    counted: tuple[str, ...]


class Roster:
    """The roster's names, to find the person a spreadsheet names."""

    def __init__(self, people: Sequence[PersonRow]) -> None:
        self.by_name: dict[str, list[PersonRow]] = {}
        self.by_phone = {person.phone: person for person in people}
        for person in people:
            self.by_name.setdefault(key(person.name), []).append(person)
        self.members = {key(p.name): p.name for p in people if p.role == Role.ANGGOTA}

    def find(self, name: str) -> PersonRow:
        """The one roster person this cell names: by phone (alone or after the name, as in
        `Rahmadi (0812…)`), else by name; otherwise why not, with the closest members."""
        if PHONE_IN_TEXT.search(name):
            return self._by_phone(name)
        found = self.by_name.get(key(name), [])
        found = [p for p in found if p.role == Role.ANGGOTA] or found
        if len(found) == 1:
            return found[0]
        if found:
            phones = ", ".join(p.phone for p in found)
            raise DomainError(
                f"nama '{name}' dipakai {len(found)} orang di roster ({phones}); "
                "tulis nomor teleponnya, mis. 'Nama (0812…)'"
            )
        close = difflib.get_close_matches(key(name), list(self.members), n=3, cutoff=0.6)
        hint = f"; maksud Anda: {' atau '.join(self.members[c] for c in close)}?" if close else ""
        raise DomainError(f"anggota '{name}' tidak ada di roster{hint}")

    def _by_phone(self, text: str) -> PersonRow:
        found = PHONE_IN_TEXT.search(text)
        assert found is not None
        phone = normalize_phone(found[0])
        person = self.by_phone.get(phone)
        if person is None:
            raise DomainError(f"nomor {found[0].strip()} tidak ada di roster")
        written = key(text[: found.start()].strip(" ()"))
        if written and written != key(person.name):
            raise DomainError(f"nomor {found[0].strip()} milik {person.name}, bukan '{text}'")
        return person


class _Importer:
    """Applies one file's lines, remembering the trainings the file has named so far."""

    def __init__(self, recorder: Recorder, roster: Roster) -> None:
        self.recorder = recorder
        self.roster = roster
        self.trainings: dict[tuple[object, ...], tuple[Training, int, str]] = {}

    async def training(self, line: TrainingLine) -> Outcome:
        person = self.roster.find(line.member)
        training, counted = await self._training_of(line)
        assert person.id is not None
        result = await self.recorder.attend(training.id, [person.id])
        attended = "kehadiran baru" if result.added else "kehadiran sudah tercatat"
        when = format_date(training.starts_on)
        text = f"'{training.name}' ({when}): {person.name} — {attended}"
        return Outcome(line.row, text, (*counted, attended))

    async def _training_of(self, line: TrainingLine) -> tuple[Training, tuple[str, ...]]:
        identity = (key(line.name), line.starts_on, line.ends_on)
        if identity in self.trainings:
            training, first_row, organiser = self.trainings[identity]
            if key(line.organiser or "") != organiser:
                raise DomainError(f"penyelenggara berbeda dengan baris {first_row}")
            return training, ()
        session = self.recorder.session
        found = await find_training(session, line.name, line.starts_on, line.ends_on)
        training = found or await self.recorder.add_training(
            name=line.name,
            starts_on=line.starts_on,
            ends_on=line.ends_on,
            organiser=line.organiser,
        )
        self.trainings[identity] = (training, line.row, key(line.organiser or ""))
        return training, ("pelatihan sudah ada" if found else "pelatihan baru",)

    async def task(self, line: TaskLine) -> Outcome:
        bidang = line.bidang.lower()
        task = await find_task(self.recorder.session, line.name, bidang, line.due_on)
        counted = ["tugas sudah ada" if task else "tugas baru"]
        if task is None:
            task = await self.recorder.add_task(
                name=line.name, kind=line.kind, bidang=bidang, due_on=line.due_on
            )
        if line.received_on is not None and line.received_by is not None:
            had = task.report
            if had and (had.received_on, key(had.received_by)) == (
                line.received_on,
                key(line.received_by),
            ):
                counted.append("laporan sudah tercatat")
            else:
                await self.recorder.report(
                    task.id, received_on=line.received_on, received_by=line.received_by
                )
                counted.append("laporan baru")
        text = f"'{task.name}' ({task.bidang}, {format_date(task.due_on)}): {', '.join(counted)}"
        return Outcome(line.row, text, tuple(counted))

    async def meeting(self, line: MeetingLine) -> Outcome:
        meeting = await find_meeting(self.recorder.session, line.agenda, line.planned_on)
        counted = ["rapat sudah ada" if meeting else "rapat baru"]
        if meeting is None:
            meeting = await self.recorder.plan_meeting(
                agenda=line.agenda, planned_on=line.planned_on
            )
        if line.held_on is not None and line.standard_met is not None:
            held = await self.recorder.facilitate(
                meeting.id, held_on=line.held_on, standard_met=line.standard_met, items=line.missed
            )
            counted.append(
                "pelaksanaan tetap"
                if held == meeting
                else "pelaksanaan baru"
                if meeting.held_on is None
                else "pelaksanaan diubah"
            )
        text = f"'{meeting.agenda}' ({format_date(meeting.planned_on)}): {', '.join(counted)}"
        return Outcome(line.row, text, tuple(counted))


async def apply_lines(
    recorder: Recorder, lines: Sequence[Line]
) -> tuple[list[Outcome], list[RowProblem]]:
    """Apply every line; a line the rules refuse becomes a problem and the others go on."""
    people = await recorder.session.exec(select(PersonRow))
    importer = _Importer(recorder, Roster(list(people)))
    outcomes: list[Outcome] = []
    problems: list[RowProblem] = []
    for line in lines:
        try:
            if isinstance(line, TrainingLine):
                outcomes.append(await importer.training(line))
            elif isinstance(line, TaskLine):
                outcomes.append(await importer.task(line))
            else:
                outcomes.append(await importer.meeting(line))
        except DomainError as exc:
            problems.append(RowProblem(line.row, str(exc)))
    return outcomes, problems
