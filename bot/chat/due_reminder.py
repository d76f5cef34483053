"""The weekly reminder's words: a summary line, the items by kind, one button per item."""

from __future__ import annotations

from bot.chat import texts
from bot.chat.render import Button, Message
from scheduler.weekly import Composed
from survey.dates import format_date
from survey.indicators.due import Digest, DueItem, DueKind
from survey.records.flow.actions import encode_reminder

LABEL_LIMIT = 60  # a button's label; WhatsApp's renderer shortens further where it must


def summary(digest: Digest) -> str:
    """One line: how many of each kind, for the top of the message and the WhatsApp template."""
    counts = {kind: sum(1 for i in digest.items if i.kind is kind) for kind in DueKind}
    reports = counts[DueKind.OVERDUE] + counts[DueKind.TASK_DUE]
    parts = []
    if reports:
        late = counts[DueKind.OVERDUE]
        parts.append(
            texts.DUE_SUMMARY_REPORTS.format(count=reports)
            + (texts.DUE_SUMMARY_LATE.format(count=late) if late else "")
        )
    if counts[DueKind.MEETING]:
        parts.append(texts.DUE_SUMMARY_MEETINGS.format(count=counts[DueKind.MEETING]))
    if counts[DueKind.TRAINING]:
        parts.append(texts.DUE_SUMMARY_TRAININGS.format(count=counts[DueKind.TRAINING]))
    if counts[DueKind.FOLLOW_UP]:
        parts.append(texts.DUE_SUMMARY_FOLLOW_UPS.format(count=counts[DueKind.FOLLOW_UP]))
    return texts.DUE_SUMMARY.format(items=", ".join(parts))


def compose(digest: Digest) -> Composed:
    """The reminder's text and its buttons (one per item, in the text's order)."""
    lines = [texts.DUE_HEADER.format(name=digest.person.name, summary=summary(digest))]
    for kind in DueKind:
        items = [i for i in digest.items if i.kind is kind]
        if items:
            lines += ["", texts.DUE_SECTIONS[kind.value]]
            lines += [texts.DUE_LINE.format(name=i.name, day=format_date(i.day)) for i in items]
    lines += ["", texts.DUE_FOOTER]
    buttons = tuple((_label(i), encode_reminder(i.flow, i.record_id)) for i in digest.items)
    return Composed("\n".join(lines), buttons)


def message(digest: Digest) -> Message:
    """The reminder as a chat reply (`/pengingat`), or the nothing-due line."""
    if not digest.items:
        return Message(texts.DUE_NOTHING)
    composed = compose(digest)
    return Message(composed.body, tuple(Button(label, a) for label, a in composed.buttons))


def _label(item: DueItem) -> str:
    label = texts.DUE_BUTTONS[item.flow.value].format(name=" ".join(item.name.split()))
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"
