"""The shape of a lifecycle definition, its one `transitions.Machine`, and how a fire runs it.

Each lifecycle (Request, Action, Activity) is declared once, as data, in its
own package: an enum of states with labels and tags, transitions with their
roles, guards, the data they record and their effects (django-fsm style: a
transition's rules sit next to it). The engine, the UI, the API and the
diagrams all read it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from transitions import Machine

from workflow.engine.errors import Reason
from workflow.engine.states import StateEnum
from workflow.engine.write import hold_check, unless_changed

if TYPE_CHECKING:
    from workflow.engine.context import FireContext

Guard = Callable[[Any, "FireContext"], list[Reason]]
Effect = Callable[[Any, "FireContext"], None]
# Decides whether a user holding the role is linked to the object (None: any holder may).
LinkRule = Callable[[Any, "FireContext"], bool]


def checks(label: str) -> Callable[[Guard], Guard]:
    """Name a guard for people: the line it is in a checklist ("The Fiche is validated...")."""

    def name(guard: Guard) -> Guard:
        guard.label = label  # type: ignore[attr-defined]
        return guard

    return name


def name_of(guard: Guard) -> str:
    """A guard's name: its function's, or a `RowsGuard`'s own."""
    return str(getattr(guard, "name", None) or getattr(guard, "__name__", "guard"))


def label_of(guard: Guard) -> str:
    """A guard's checklist line: its label, else the first line of its docstring."""
    found = getattr(guard, "label", None) or (guard.__doc__ or name_of(guard)).split("\n")[0]
    return str(found)


@dataclass(frozen=True, eq=False)
class RowsGuard:
    """A guard whose failing reasons are the rows of one query (a double booking, say).

    `query` is built once, its parameters bound at execution; `params` gives them for an
    object (None: nothing to check, it passes); `reasons` turns the rows found, as tuples,
    into reasons. Called, it reads the rows like any guard. A fire on PostgreSQL sends it
    with its write instead (`Lifecycle.run`, workflow/engine/write.py): the check reads
    the rows on the write's own snapshot, taken after the fire's row locks, one statement
    less; rows found refuse the fire whole (GuardFailed), as a failing guard does.
    """

    name: str  # as a function's name: the diagrams and tables print it
    label: str
    query: Any
    params: Callable[[Any, FireContext], dict[str, Any] | None]
    reasons: Callable[[list[tuple[Any, ...]]], list[Reason]]

    def __call__(self, obj: Any, ctx: FireContext) -> list[Reason]:
        params = self.params(obj, ctx)
        if params is None:
            return []
        return self.reasons([tuple(row) for row in ctx.session.execute(self.query, params)])


@dataclass(frozen=True, eq=False)
class LockedWith:
    """Rows a transition locks, named by a list of ids in its data (the experts `schedule`
    books): read and locked in the act's own statement, one statement less.

    They are locked after the object's rows, as a `prepare` step locks them: PostgreSQL
    takes the tables of FOR UPDATE OF in the order named, the object's first, and these
    rows in the order of `key` (workflow/read/loading.py). `select`: what each row reads
    (`key`'s entity first); `remember(ctx, ids, rows)` hands the rows to the checks and
    effects that would read them (so that they do not read them again).
    """

    field: str
    key: Any
    select: tuple[Any, ...]
    remember: Callable[[FireContext, list[int], list[tuple[Any, ...]]], None]

    def ids_in(self, raw_data: Any) -> list[int] | None:
        """The ids the data sends, sorted and distinct, if it sends a list of ids; None
        otherwise (nothing read with the act: the fire checks the data as always)."""
        sent = raw_data.get(self.field) if isinstance(raw_data, Mapping) else None
        if not isinstance(sent, list) or not sent:
            return None
        if not all(type(value) is int for value in sent):  # not bool, not a string of digits
            return None
        return sorted(set(sent))


@dataclass(frozen=True, eq=False)
class ReadWithAct:
    """Rows a transition reads after its object's row lock (a PSC round's electorate),
    read in the act's own statement instead, one statement less (PostgreSQL).

    That statement's snapshot is taken before the lock is granted: a change committed
    while the act waited would be missed. So the rows taken (`taken`) are read again with
    the act's write, on its snapshot, after the lock (`write.hold_check`): other rows
    refuse the act with `Reread`, and it runs again reading after the lock, as without
    this. `column`: the rows as JSON text (`json_agg` of `json_build_array`s, cast to
    text: the act's rows are made unique, and a text can be, a list cannot), a scalar
    subquery correlated to the object's row, the act's actor bound as `actor_id`; kept
    parsed in the act's memo under `key`. `check`: the same query, its parameters bound.
    """

    key: str
    column: Any
    check: Any

    def taken(self, ctx: FireContext, params: dict[str, Any]) -> list[tuple[Any, ...]] | None:
        """The rows read with this act, their check held with its write (`params`: the
        check's); None when the act did not read them (read them now, as always)."""
        if self.key not in ctx.memo:
            return None
        rows = [tuple(row) for row in ctx.memo.pop(self.key) or []]
        hold_check(ctx.session, (self.check, params, unless_changed(rows)))
        return rows


@dataclass(frozen=True)
class Check:
    """One line of a transition's checklist: what must hold, and why it does not yet."""

    label: str
    reasons: list[Reason]

    @property
    def met(self) -> bool:
        return not self.reasons


def checklist(transition: Transition, obj: Any, ctx: FireContext) -> list[Check]:
    """Every guard of `transition`, met or not, each with its failing reasons."""
    return [Check(label_of(guard), guard(obj, ctx)) for guard in transition.guards]


@dataclass(frozen=True)
class Transition:
    """One trigger: where it may start, where it leads, who may fire it and what it checks."""

    trigger: str
    label: str
    sources: tuple[StateEnum, ...]
    dest: StateEnum
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
    # Relationships of the object its guards and effects read, loaded with the object in
    # the act's one query instead of a query each when first read.
    loads: tuple[str, ...] = ()
    # Rows named by the data, locked and read with the object (see `LockedWith`).
    locks_with_act: LockedWith | None = None
    # Facts read after the object's lock, read with it instead (see `ReadWithAct`).
    reads_with_act: tuple[ReadWithAct, ...] = ()

    @property
    def requires(self) -> list[str]:
        """The data fields a caller must send (the UI's form, the API's `requires`)."""
        fields = [] if self.data is None else list(self.data.model_fields)
        return [*fields, "comment"] if self.comment_required else fields


class Lifecycle:
    """A lifecycle's states and transitions, and the one `transitions.Machine` of its graph.

    The Machine is built once, at import, from the definition (transitions checks the
    graph: every source and destination a declared state). Its moves -- trigger and
    source to destination -- are read from it once into a table that each fire looks
    up; the fire runs the transition's `prepare` steps, every guard, the move and the
    effects itself. Per-object state lives on the row only: nothing is bound to the
    Machine, and no Machine is built per row.
    """

    def __init__(
        self,
        kind: str,
        states: type[StateEnum],
        transitions: Sequence[Transition],
        initial: StateEnum,
        editable: Mapping[StateEnum, frozenset[str]] | None = None,
    ) -> None:
        self.kind = kind
        self.states = states
        self.transitions = {t.trigger: t for t in transitions}
        self.initial = initial
        self.editable = dict(editable or {})
        self.machine = Machine(
            model=None,
            states=[s.value for s in states],
            initial=initial.value,
            auto_transitions=False,
        )
        for t in transitions:
            self.machine.add_transition(t.trigger, [s.value for s in t.sources], t.dest.value)
        # transitions' own dispatch of an event (its EventData, callback resolution, state
        # enter/exit callbacks and logging) cost more than the rest of a fire together,
        # for callbacks the engine owns anyway: the fire looks its move up here instead.
        self.moves: dict[tuple[str, str], StateEnum] = {}
        for trigger, event in self.machine.events.items():
            for source, (move, *_) in event.transitions.items():
                self.moves[trigger, source] = states(str(move.dest))

    def transition(self, trigger: str) -> Transition | None:
        return self.transitions.get(trigger)

    def state(self, value: str) -> StateEnum:
        """The state member for a stored value."""
        return self.states(value)

    def from_state(self, state: str) -> list[Transition]:
        """Transitions that may start from `state`, in declaration order."""
        return [t for t in self.transitions.values() if state in t.sources]

    def run(self, obj: Any, transition: Transition, ctx: FireContext) -> list[Reason]:
        """The transition from `obj`'s state: its prepare steps (row locks), every guard,
        then -- when all pass -- its warnings recorded, the move and the effects.

        Returns the failing guards' reasons (nothing moved), or [] when it fired.
        """
        dest = self.moves[transition.trigger, obj.state]
        for step in transition.prepare:
            step(obj, ctx)
        if transition.guards:
            # PostgreSQL: the guards that are one query go with the write, unless another
            # refuses already (then every reason at once, each query read).
            deferred = [g for g in transition.guards if isinstance(g, RowsGuard)]
            if deferred and ctx.session.get_bind().dialect.name != "postgresql":
                deferred = []
            refused = [r for g in transition.guards if g not in deferred for r in g(obj, ctx)]
            if refused:
                return refused + [r for guard in deferred for r in guard(obj, ctx)]
            for guard in deferred:
                params = guard.params(obj, ctx)
                if params is not None:
                    ctx.checks.append((guard.query, params, guard.reasons))
        if transition.warnings:
            warnings = warning_reasons(transition, obj, ctx)
            if warnings:
                ctx.record["warnings"] = [w.as_dict() for w in warnings]
        obj.state = dest  # the member itself, not only its value
        for effect in transition.effects:
            effect(obj, ctx)
        return []

    def editable_fields(self, state: str) -> frozenset[str]:
        return self.editable.get(self.states(state), frozenset())


def guard_reasons(transition: Transition, obj: Any, ctx: FireContext) -> list[Reason]:
    """Every failing guard's reason, all at once."""
    return [reason for guard in transition.guards for reason in guard(obj, ctx)]


def warning_reasons(transition: Transition, obj: Any, ctx: FireContext) -> list[Reason]:
    """Every failing warning's reason: shown and recorded, never blocking the fire."""
    return [reason for check in transition.warnings for reason in check(obj, ctx)]
