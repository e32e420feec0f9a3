"""Concurrency on PostgreSQL: N clients, each a process with its own connection, firing at once.

- Distinct objects: each client suspends and resumes Actions of its own (in
  `implementation` on the generated data), a fixed number of fires each, all
  released together: fires a second for 1, 2, 4 and 8 clients, and every error
  counted (none expected: no two clients touch one row).
- One object: N clients fire `suspend` on the same Action at the same version,
  released together. Exactly one may win; the others must be refused with the
  version conflict (`Stale`), and the database must hold one history row for it.

Processes, not threads: a fire is mostly Python, and threads would measure the GIL.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.synchronize import Barrier
from queue import Queue
from typing import Any

import sqlalchemy as sa

from bench.generate import NOW
from db.engine import make_engine, make_session_factory
from db.models import Action, HistoryEntry, User
from workflow.services import ActionState, FixedClock, Stale, UnitOfWork, fire_transition

CLIENTS = (1, 2, 4, 8)
REASON = {"reason": "Paused by the concurrency bench."}


@dataclass
class Scaling:
    clients: int
    fires: int
    seconds: float
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.fires / self.seconds if self.seconds else 0.0


@dataclass
class OneObject:
    clients: int
    won: int
    refused: dict[str, int]  # by error: all `Stale` when the engine is right
    history_rows: int  # the `suspend` rows written for the object by the race


@dataclass
class Concurrency:
    scaling: list[Scaling]
    one_object: list[OneObject]


def _fire(
    url: str, actor: int, steps: list[tuple[int, str]], barrier: Barrier, out: Queue[Any]
) -> None:
    """One client: its own engine and connection; warm up, wait for the others, fire."""
    engine = make_engine(url, pool_size=1, max_overflow=0)
    factory = make_session_factory(engine)
    clock = FixedClock(NOW)
    errors: Counter[str] = Counter()
    with factory() as session:  # warm the mappers and the statement cache, untimed
        session.get(User, actor)
    barrier.wait()
    start = time.perf_counter()
    done = 0
    for object_id, trigger in steps:
        data = REASON if trigger == "suspend" else None
        try:
            fire_transition(
                UnitOfWork(factory, clock), "action", object_id, trigger, actor, data=data
            )
            done += 1
        except Exception as error:  # counted: the figure is "zero errors"
            errors[type(error).__name__] += 1
    out.put((done, time.perf_counter() - start, dict(errors)))
    engine.dispose()


def _race(
    url: str, actor: int, object_id: int, version: int, barrier: Barrier, out: Queue[Any]
) -> None:
    """One of N clients firing the same `suspend` on one Action at one version."""
    engine = make_engine(url, pool_size=1, max_overflow=0)
    factory = make_session_factory(engine)
    with factory() as session:
        session.get(User, actor)
    barrier.wait()
    try:
        fire_transition(
            UnitOfWork(factory, FixedClock(NOW)),
            "action",
            object_id,
            "suspend",
            actor,
            data=REASON,
            version=version,
        )
        out.put("won")
    except Stale:
        out.put("Stale")
    except Exception as error:
        out.put(type(error).__name__)
    engine.dispose()


def _processes(target: Any, argument_lists: list[tuple[Any, ...]]) -> list[Any]:
    """Run one process per argument list, released together by a barrier; their results."""
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(len(argument_lists)), context.Queue()
    processes = [
        context.Process(target=target, args=(*args, barrier, out)) for args in argument_lists
    ]
    for process in processes:
        process.start()
    found = [out.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(60)
    return found


def bench_concurrency(url: str, fires: int = 20) -> Concurrency:
    """Fires per second for 1-8 clients on distinct Actions, then the one-object race."""
    engine = make_engine(url)
    with engine.connect() as connection:
        actor = connection.scalar(sa.select(User.id).where(User.username == "staff1"))
        actions = list(
            connection.scalars(
                sa.select(Action.id)
                .where(Action.state == ActionState.IMPLEMENTATION)
                .order_by(Action.id)
            )
        )
    engine.dispose()  # no connection crosses the fork
    assert actor is not None and len(actions) >= max(CLIENTS) * fires // 2 + 1, "too few Actions"
    scaling = []
    for clients in CLIENTS:
        # Client c suspends then resumes its own Actions: actions[c], actions[c + clients], ...
        mine = [actions[c : max(CLIENTS) * fires : clients][: fires // 2] for c in range(clients)]
        steps = [[(a, t) for a in ids for t in ("suspend", "resume")] for ids in mine]
        found = _processes(_fire, [(url, actor, s) for s in steps])
        errors: Counter[str] = Counter()
        for _, _, e in found:
            errors.update(e)
        done = sum(d for d, _, _ in found)
        scaling.append(Scaling(clients, done, max(s for _, s, _ in found), dict(errors)))
    races = [
        _one_object(url, actor, actions[-1 - n], clients) for n, clients in enumerate(CLIENTS[1:])
    ]
    return Concurrency(scaling, races)


def _one_object(url: str, actor: int, object_id: int, clients: int) -> OneObject:
    engine = make_engine(url)

    def suspends() -> int:
        with engine.connect() as connection:
            query = sa.select(sa.func.count(HistoryEntry.id)).where(
                HistoryEntry.object_kind == "action",
                HistoryEntry.object_id == object_id,
                HistoryEntry.trigger == "suspend",
            )
            return connection.scalar(query) or 0

    with engine.connect() as connection:
        version = connection.scalar(sa.select(Action.version).where(Action.id == object_id))
    before = suspends()
    engine.dispose()
    outcomes = Counter(_processes(_race, [(url, actor, object_id, version)] * clients))
    written = suspends() - before
    engine.dispose()
    won = outcomes.pop("won", 0)
    return OneObject(clients, won, dict(outcomes), written)
