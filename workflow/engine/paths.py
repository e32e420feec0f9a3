"""The way from one state to another, found from a lifecycle's own transitions.

The demo loader and the tests' scenarios walk objects to a state by asking
for a path here, so a new or renamed transition changes the walk without a
hand-written chain of steps to keep in step with the definition.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection

from workflow.engine.definition import Lifecycle
from workflow.engine.states import StateEnum

# Each reached state, with the state and trigger it was reached from (None: the start).
_Trail = dict[StateEnum, tuple[StateEnum, str] | None]


class NoPath(ValueError):
    """No walk along the lifecycle's transitions leads from one state to the other."""


def path_to(
    lifecycle: Lifecycle, start: StateEnum, target: StateEnum, avoid: Collection[str] = ()
) -> list[str]:
    """The triggers of a shortest walk from `start` to `target`, in order ([] if equal).

    Breadth-first, in declaration order, so the same definition always gives
    the same path. Self-loops never move and are never on a path; `avoid`
    names triggers the walk must not take. Raises NoPath when none exists.
    """
    trail: _Trail = {start: None}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        if state == target:
            return _triggers(trail, target)
        for transition in lifecycle.from_state(state):
            if transition.trigger not in avoid and transition.dest not in trail:
                trail[transition.dest] = (state, transition.trigger)
                queue.append(transition.dest)
    raise NoPath(f"No {lifecycle.kind} path from '{start}' to '{target}'")


def _triggers(trail: _Trail, state: StateEnum) -> list[str]:
    """Read the trail back from `state` to the start."""
    triggers: list[str] = []
    step = trail[state]
    while step is not None:
        state, trigger = step
        triggers.append(trigger)
        step = trail[state]
    return triggers[::-1]
