"""The shape of a lifecycle definition, and the one `transitions.Machine` built from it.

Each lifecycle (Request, Action, Activity) is declared once, as data, in its
own module: states with labels, transitions with their roles, guards, the
data they record and their effects (django-fsm style: a transition's rules
sit next to it). The engine, the UI, the API and the diagrams all read it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from transitions import Machine

from workflow.errors import Reason

if TYPE_CHECKING:
    from workflow.context import FireContext

Guard = Callable[[Any, "FireContext"], list[Reason]]
Effect = Callable[[Any, "FireContext"], None]
# Decides whether a user holding the role is linked to the object (None: any holder may).
LinkRule = Callable[[Any, "FireContext"], bool]


@dataclass(frozen=True)
class State:
    name: str
    label: str
    terminal: bool = False


@dataclass(frozen=True)
class Transition:
    """One trigger: where it may start, where it leads, who may fire it and what it checks."""

    trigger: str
    label: str
    sources: tuple[str, ...]
    dest: str
    roles: Mapping[str, LinkRule | None] = field(default_factory=lambda: {"staff": None})
    guards: Sequence[Guard] = ()
    # Checks that warn but never block (shown before firing, kept in the history row).
    warnings: Sequence[Guard] = ()
    data: type[BaseModel] | None = None
    comment_required: bool = False
    # Checks of the data against the database (unknown ids, dates against stored ones):
    # refusals are 422, like the data's shape, and come before the version check.
    data_checks: Sequence[Guard] = ()
    # Run after the state check and before the guards, inside the transaction: row locks.
    prepare: Sequence[Effect] = ()
    effects: Sequence[Effect] = ()
    system_only: bool = False  # fired by the workflow itself (actor None), never by a user

    @property
    def requires(self) -> list[str]:
        """The data fields a caller must send (the UI's form, the API's `requires`)."""
        fields = [] if self.data is None else list(self.data.model_fields)
        return [*fields, "comment"] if self.comment_required else fields


class Lifecycle:
    """A lifecycle's states and transitions, and its state graph as a `transitions.Machine`.

    The Machine is built once, at import: rows are bound to it only for the
    length of a fire, through a small carrier (never one Machine per row).
    """

    def __init__(
        self,
        kind: str,
        states: Sequence[State],
        transitions: Sequence[Transition],
        initial: str,
        editable: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        self.kind = kind
        self.states = {s.name: s for s in states}
        self.transitions = {t.trigger: t for t in transitions}
        self.initial = initial
        self.editable = dict(editable or {})
        self.machine = Machine(
            model=None,
            states=list(self.states),
            initial=initial,
            auto_transitions=False,
            send_event=True,
        )
        for t in transitions:
            self.machine.add_transition(t.trigger, list(t.sources), t.dest)

    def transition(self, trigger: str) -> Transition | None:
        return self.transitions.get(trigger)

    def from_state(self, state: str) -> list[Transition]:
        """Transitions that may start from `state`, in declaration order."""
        return [t for t in self.transitions.values() if state in t.sources]

    def move(self, state: str, trigger: str) -> str:
        """The state the graph leads to; raises if the trigger cannot start there."""
        carrier = _Carrier(state)
        if not self.machine.events[trigger].trigger(carrier):
            raise ValueError(f"{trigger} cannot start from {state}")
        return carrier.state

    def editable_fields(self, state: str) -> frozenset[str]:
        return self.editable.get(state, frozenset())


class _Carrier:
    """Holds a state while the Machine moves it; the row itself is never bound."""

    def __init__(self, state: str) -> None:
        self.state = state
