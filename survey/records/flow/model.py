"""The chat flows that record IK1–IK3 activity: kinds, steps, screens and outcomes (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PAGE_SIZE = 8  # with the paging buttons still within WhatsApp's ten list rows
#: The standard of a facilitated Raperda meeting: every item met means "sesuai standar".
MEETING_CHECKLIST = (
    "Undangan terkirim tepat waktu",
    "Bahan rapat tersedia",
    "Ruang dan sarana rapat siap",
    "Daftar hadir ditandatangani",
    "Notulen/risalah dibuat",
    "Dokumentasi rapat",
)


class FlowKind(StrEnum):
    """Which record a flow makes; also the command that starts it."""

    TRAINING = "pelatihan"
    REPORT = "laporan"
    MEETING = "rapat"
    FOLLOW_UP = "tindaklanjut"


#: Flows only a Kepala Bidang or the Sekretaris may run (the others: staf too).
LEADER_FLOWS = frozenset({FlowKind.FOLLOW_UP})


class Step(StrEnum):
    """Where a flow stands."""

    TRAINING = "pelatihan"
    TRAINING_NAME = "nama"
    TRAINING_DATES = "tanggal"
    ORGANISER = "penyelenggara"
    ATTENDEES = "peserta"
    TASK = "tugas"
    RECEIVED = "diterima"
    MEETING = "rapat"
    AGENDA = "agenda"
    PLANNED = "rencana"
    HELD = "dilaksanakan"
    CHECKLIST = "standar"
    CONFIRM = "konfirmasi"
    FOLLOW_UP = "tindaklanjut"  # an action of the plan to update, or a new one
    ELEMENT = "unsur"
    WHAT = "tindakan"
    BIDANG = "bidang"
    DUE = "tenggat"
    STATUS = "status"
    NOTE = "catatan"


#: Steps that read a typed line.
TYPED_STEPS = frozenset(
    {
        Step.TRAINING_NAME,
        Step.TRAINING_DATES,
        Step.ORGANISER,
        Step.RECEIVED,
        Step.AGENDA,
        Step.PLANNED,
        Step.HELD,
        Step.WHAT,
        Step.DUE,
        Step.NOTE,
    }
)
#: Steps that show a paged list of choices.
LIST_STEPS = frozenset(
    {
        Step.TRAINING,
        Step.ATTENDEES,
        Step.TASK,
        Step.MEETING,
        Step.FOLLOW_UP,
        Step.ELEMENT,
        Step.BIDANG,
        Step.STATUS,
    }
)


class Verb(StrEnum):
    """What a flow button asks for."""

    CHOOSE = "pilih"
    NEW = "baru"
    ON = "on"
    OFF = "off"
    PAGE = "hal"
    SKIP = "lewati"
    TODAY = "hariini"
    NEXT = "lanjut"
    SAVE = "ya"
    BACK = "kembali"
    CANCEL = "batal"


WITH_ARGUMENT = frozenset({Verb.CHOOSE, Verb.ON, Verb.OFF, Verb.PAGE})
#: Verbs that set a state outright: harmless when pressed again or on an older copy.
IDEMPOTENT = frozenset({Verb.ON, Verb.OFF, Verb.PAGE})


class Control(StrEnum):
    """A button below the choices (labels in bot/chat/texts.py)."""

    PREVIOUS = "sebelumnya"
    MORE = "berikutnya"
    NEW_TRAINING = "pelatihan-baru"
    NEW_MEETING = "rapat-baru"
    NEW_ACTION = "tindakan-baru"
    SKIP = "lewati"
    TODAY = "hari-ini"
    DONE_TICKING = "simpan"
    NEXT = "lanjut"
    SAVE = "ya-simpan"
    BACK = "kembali"
    CANCEL = "batal"


class FlowNote(StrEnum):
    """A short message about the flow (wording in bot/chat/texts.py)."""

    REFUSED = "ditolak"
    NOT_ALLOWED = "bukan-pencatat"
    UNKNOWN = "tidak-dikenal"
    STALE = "usang"
    NO_FLOW = "tidak-ada"
    ALREADY_SAVED = "sudah-disimpan"
    CANCELLED = "dibatalkan"
    RESUMED = "dilanjutkan"
    REPLACED = "diganti"
    USE_BUTTONS = "pakai-tombol"
    NONE_TICKED = "belum-dicentang"
    NOTHING_TO_RECORD = "kosong"
    NOTHING_TO_UNDO = "tidak-ada-urungan"
    UNDONE = "diurungkan"
    SETTLED = "sudah-tercatat"  # a reminder's button for a record made meanwhile
    ONLY_LEADERS = "bukan-pimpinan"  # a flow of LEADER_FLOWS asked by staf
    BROKEN = "rusak"  # a stored flow that could not be read back: started afresh


class Fact(StrEnum):
    """A labelled line of a summary (labels in bot/chat/texts.py)."""

    TRAINING = "pelatihan"
    DATES = "tanggal"
    ORGANISER = "penyelenggara"
    ATTENDEES = "peserta"
    ALREADY = "sudah"
    TASK = "tugas"
    DUE = "tenggat"
    RECEIVED = "diterima"
    RECEIVED_BY = "penerima"
    AGENDA = "agenda"
    PLANNED = "rencana"
    HELD = "dilaksanakan"
    STANDARD = "standar"
    MISSED = "tidak-terpenuhi"
    PERIOD = "periode"
    ELEMENT = "unsur"
    WHAT = "tindakan"
    BIDANG = "bidang"
    STATUS = "status"
    NOTE = "catatan"


Facts = tuple[tuple[Fact, str], ...]


@dataclass(frozen=True)
class Choice:
    """A listed item: its label (record data), the action, and whether it is ticked."""

    label: str
    action: str
    ticked: bool | None = None


@dataclass(frozen=True)
class FlowScreen:
    """What a step shows: facts so far, choices, and the controls (verb, action) below them."""

    kind: FlowKind
    step: Step
    facts: Facts = ()
    choices: tuple[Choice, ...] = ()
    controls: tuple[tuple[Control, str], ...] = ()
    page: int = 0
    pages: int = 1
    ticked: int = 0


@dataclass(frozen=True)
class FlowNotice:
    """A short message; `detail` is a domain error's text or what was undone."""

    note: FlowNote
    detail: str = ""


@dataclass(frozen=True)
class Saved:
    """What a confirmed flow saved, with the action of its undo button."""

    kind: FlowKind
    facts: Facts
    undo: str | None


FlowReply = FlowScreen | FlowNotice | Saved


def pages(count: int) -> int:
    """How many pages `count` listed items take (at least one)."""
    return max(1, -(-count // PAGE_SIZE))
