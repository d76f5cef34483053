"""The recording flows' Mermaid diagram cannot drift: a walk of the pure machine over every
screen's buttons, a typed line per step and a page press finds exactly the diagram's edges."""

from __future__ import annotations

import ast
import re
from collections import deque
from dataclasses import fields
from pathlib import Path

import survey.records.flow.machine as machine
from survey.records.flow.actions import Press, decode
from survey.records.flow.machine import Begin, BeginOn, Cancel, FlowEvent, Pressed, Typed, advance
from survey.records.flow.model import FlowKind, Step, Verb
from survey.records.flow.screens import screen
from survey.records.flow.state import KINDS, Flow, Idle, State
from tests.unit.record_flow_support import KABID, facts

ROOT = Path(__file__).resolve().parents[2]
EDGE = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)\s*:\s*(.+)$")
LABELS = {
    Verb.CHOOSE: "Choose",
    Verb.NEW: "New",
    Verb.ON: "Tick",
    Verb.OFF: "Tick",
    Verb.PAGE: "Page",
    Verb.SKIP: "Skip",
    Verb.TODAY: "Today",
    Verb.NEXT: "Next",
    Verb.SAVE: "Save",
    Verb.BACK: "Back",
    Verb.CANCEL: "Cancel",
}
TYPED = {
    Step.TRAINING_NAME: ("Bimtek",),
    Step.TRAINING_DATES: ("5 Januari 2026 - 7 Januari 2026",),
    Step.ORGANISER: ("BPSDM", "-"),
    Step.RECEIVED: ("20 November 2026",),
    Step.AGENDA: ("Raperda RTRW",),
    Step.PLANNED: ("1 November 2026",),
    Step.HELD: ("3 November 2026",),
    Step.WHAT: ("Perbaikan AC",),
    Step.DUE: ("31 Januari 2027",),
    Step.NOTE: ("sudah dipesan", "-"),
}
REMINDED = {FlowKind.TRAINING: 11, FlowKind.REPORT: 21, FlowKind.MEETING: 31}
REMINDED |= {FlowKind.FOLLOW_UP: 41}
Edge = tuple[str, str, str]
ALLOWED_ROOTS = {"__future__", "collections", "dataclasses", "datetime", "enum", "json", "re"}
ALLOWED_ROOTS |= {"typing", "survey", "scoring"}


def name(state: State) -> str:
    return "[*]" if isinstance(state, Idle) else f"{state.kind.name}_{state.step.name}"


def shape(state: State) -> tuple[object, ...]:
    """A state without its counters: which of its fields are set."""
    if isinstance(state, Idle):
        return ("idle",)
    counters = ("step", "version", "since")
    values = [bool(getattr(state, f.name)) for f in fields(state) if f.name not in counters]
    return (type(state), state.step, *values)


def events(state: State) -> list[tuple[str, FlowEvent]]:
    if isinstance(state, Idle):
        begun: list[tuple[str, FlowEvent]] = [("Begin", Begin(kind)) for kind in FlowKind]
        return begun + [("BeginOn", BeginOn(k, key)) for k, key in REMINDED.items()]
    shown = screen(state, facts(KABID))
    actions = [c.action for c in shown.choices] + [a for _, a in shown.controls]
    presses = [p for p in map(decode, actions) if isinstance(p, Press)]
    presses.append(Press(state.version, Verb.PAGE, 0))
    found: list[tuple[str, FlowEvent]] = [(LABELS[p.verb], Pressed(p)) for p in presses]
    found += [("Typed", Typed(text)) for text in TYPED.get(state.step, ("x",))]
    return [*found, ("Cancel", Cancel())]


def walk() -> set[Edge]:
    """Every transition the machine makes from Idle, on the support facts."""
    edges: set[Edge] = set()
    seen = {shape(Idle())}
    queue: deque[State] = deque([Idle()])
    while queue:
        state = queue.popleft()
        for label, event in events(state):
            after = advance(state, event, facts(KABID)).state
            if after != state and not (isinstance(state, Idle) and isinstance(after, Idle)):
                edges.add((name(state), name(after), label))
            if shape(after) not in seen:
                seen.add(shape(after))
                queue.append(after)
    return edges


def diagram() -> set[Edge]:
    """The edges the machine's docstring draws ("A / B" is two, "(why)" is a comment)."""
    text = ast.get_docstring(ast.parse((ROOT / "survey/records/flow/machine.py").read_text()))
    assert text is not None and "```mermaid" in text and machine.__doc__
    edges: set[Edge] = set()
    for line in text.split("```mermaid", 1)[1].split("```", 1)[0].splitlines():
        if match := EDGE.match(line):
            labels = re.sub(r"\([^)]*\)", "", match[3])
            edges |= {(match[1], match[2], label.strip()) for label in labels.split("/")}
    return edges


WALKED = walk()


def test_the_diagram_draws_every_transition_of_the_machine_and_no_other():
    drawn = diagram()
    made = {edge for edge in WALKED if edge[2] != "Cancel"}
    assert made - drawn == set(), "transitions missing from the diagram"
    assert drawn - made == set(), "the diagram draws transitions the machine does not make"


def test_the_diagram_names_every_step_of_every_kind():
    named = {n for edge in diagram() for n in edge[:2]}
    steps = {f"{kind.name}_{step.name}" for kind, flow in KINDS.items() for step in flow.steps}
    assert named == steps | {"[*]"}


def test_cancel_from_every_step_goes_back_to_idle():
    cancels = {(a, b) for a, b, label in WALKED if label == "Cancel"}
    steps = {f"{kind.name}_{step.name}" for kind, flow in KINDS.items() for step in flow.steps}
    assert cancels == {(step, "[*]") for step in steps}


def test_the_machine_and_its_steps_read_no_database():
    pure = [
        "survey/records/flow/machine.py",
        "survey/records/flow/state.py",
        "survey/records/flow/facts.py",
        "survey/records/flow/steps.py",
        "survey/records/flow/buttons.py",
        "survey/records/flow/screens.py",
        "survey/records/flow/follow_up.py",
    ]
    for module in pure:
        tree = ast.parse((ROOT / module).read_text())
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
        roots = {name.split(".")[0] for name in imported}
        assert roots <= ALLOWED_ROOTS, module
        assert not {n for n in imported if n.endswith(("store", "tables", "query", "ops"))}
        assert "session" not in (ROOT / module).read_text().lower(), module
    assert issubclass(KINDS[FlowKind.TRAINING], Flow)
