"""The engine's fire on objects in memory against one `transitions.Machine` per object.

Ours: `fire` itself (trigger, role, data and comment, version, state, guards,
the move from the lifecycle's table, effects, the history row's columns built)
on plain objects, with a session that keeps nothing and sends nothing. The
alternative: what `transitions` does by default, a Machine built on each
object (its model), then the trigger called on it. Time per move, and the
memory held per object while both are alive (tracemalloc). The figure that
compares the approaches is what each keeps beyond the bare row, the same
objects in both (docs/decisions.md, "In memory, memory is..."): a ratio of
totals, row included, is capped by the row's size whatever the engine keeps.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
import tracemalloc
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from transitions import Machine

from workflow.admin.settings import Settings
from workflow.engine.context import FireContext
from workflow.engine.fire import fire
from workflow.services import LIFECYCLES

REQUEST = LIFECYCLES["request"]
TRIGGER = "start_screening"  # no guard, no effect: the engine's own cost
NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


class NoConnection:
    """No database: nothing held on it (workflow/engine/write.py asks), no dialect."""

    info: dict[str, object] = {}
    dialect = SimpleNamespace(name="none")


class NoSession:
    """Keeps nothing: the fire's history row is built (its column values), then dropped.
    It tracks no object: the fire's write (workflow/engine/write.py) finds none to write."""

    new = deleted = dirty = ()

    def connection(self) -> NoConnection:
        return NoConnection()

    def get_bind(self) -> NoConnection:
        return NoConnection()

    def add(self, _row: object) -> None:
        pass

    def flush(self) -> None:
        pass

    def execute(self, *_statement: object) -> None:
        pass  # the history row's INSERT (workflow/engine/history.py)


@dataclass
class MachineFigures:
    ours_per_s: float
    per_object_per_s: float
    ours_bytes: float  # held per object, the row itself included
    per_object_bytes: float
    row_bytes: float  # the bare row's share of both


def _row(n: int) -> SimpleNamespace:
    return SimpleNamespace(id=n, state=REQUEST.initial.value, version=1, updated_at=None)


def _settings() -> Settings:
    from db.reference.settings import SETTINGS

    return Settings.model_validate({key: value for key, value, _ in SETTINGS})


def ours(count: int) -> list[Any]:
    actor = SimpleNamespace(id=1, roles=frozenset({"staff"}))
    settings = _settings()
    rows: list[Any] = []
    for n in range(count):
        row = _row(n)
        ctx = FireContext(NoSession(), actor, NOW, settings)  # type: ignore[arg-type]
        fire(REQUEST, row, TRIGGER, ctx)
        rows.append(row)
    return rows


def per_object(count: int) -> list[Any]:
    states = [s.value for s in REQUEST.states]
    transitions = [
        {"trigger": t.trigger, "source": [s.value for s in t.sources], "dest": t.dest.value}
        for t in REQUEST.transitions.values()
    ]
    rows: list[Any] = []
    for n in range(count):
        row = _row(n)
        Machine(
            model=row,
            states=states,
            transitions=transitions,
            initial=row.state,
            auto_transitions=False,
        )
        getattr(row, TRIGGER)()
        rows.append(row)
    return rows


def rows_only(count: int) -> list[Any]:
    rows: list[Any] = []
    for n in range(count):  # grown as the contenders grow theirs
        rows.append(_row(n))
    return rows


def rate(make: Any, count: int, rounds: int = 3) -> float:
    """Moves a second, the best of `rounds` (a busy machine only ever slows a round down)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        make(count)
        best = min(best, time.perf_counter() - start)
    return count / best


def held(make: Any, count: int) -> float:
    """Bytes held per object once all have moved (tracemalloc; the rows are kept alive)."""
    gc.collect()
    tracemalloc.start()
    kept = make(count)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return size / count


def bench_machine(count: int) -> MachineFigures:
    """Time without tracing, then memory with it."""
    rate(ours, 100)  # warm up (imports, first-call caches)
    base = held(rows_only, count)
    return MachineFigures(
        rate(ours, count),
        rate(per_object, count),
        held(ours, count),
        held(per_object, count),
        base,
    )
