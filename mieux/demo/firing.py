"""The one way the demo and the tests' scenarios fire: through the services, clock in hand.

`Firing` sets the clock to a step's day (never past today), fires a trigger
in its own unit of work as the UI and the API do, and walks an object to a
state along the path its lifecycle gives. tests/support.py's `Scenario`
fires through it too, so a test's setup and the demo obey the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from db.models import User
from workflow import services
from workflow.services import LIFECYCLES, MODELS, FixedClock, StateEnum, UnitOfWork, path_to


def at_ten(day: dt.date) -> dt.datetime:
    """10:00 UTC on `day`: a working hour, the same in every case."""
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


class Firing:
    """Fires transitions for one clock; `today` caps the days it is moved to."""

    def __init__(
        self, uow: Callable[[], UnitOfWork], clock: FixedClock, today: dt.date | None = None
    ) -> None:
        self.uow, self.clock, self.today = uow, clock, today

    def on(self, day: dt.date) -> None:
        """Move the clock to `day` (never past today: the demo does not invent the future)."""
        self.clock.at = at_ten(day if self.today is None else min(day, self.today))

    def fire(
        self, kind: str, obj_id: int, trigger: str, by: User, on: dt.date | None = None, **kw: Any
    ) -> Any:
        """Fire `trigger` as `by`, on the day `on` if given (else the clock's current one)."""
        if on is not None:
            self.on(on)
        return services.fire_transition(self.uow(), kind, obj_id, trigger, by.id, **kw)

    def state_of(self, kind: str, obj_id: int) -> StateEnum:
        """The object's current state, as its lifecycle's member."""
        with self.uow() as uow:
            found = uow.session.get(MODELS[kind], obj_id)
            if found is None:
                raise services.NotFound(f"There is no {kind} {obj_id}.")
            return LIFECYCLES[kind].state(found.state)

    def walk(
        self, kind: str, obj_id: int, target: StateEnum, step: Callable[[str], object]
    ) -> None:
        """Take the object to `target` by its lifecycle's shortest path; `step` fires each."""
        for trigger in path_to(LIFECYCLES[kind], self.state_of(kind, obj_id), target):
            step(trigger)
