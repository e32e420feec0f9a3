"""The three lifecycles by kind, with the model each one drives."""

from __future__ import annotations

from typing import Any

from db.models import Action, Activity, Request
from workflow.action.lifecycle import ACTION
from workflow.activity.lifecycle import ACTIVITY
from workflow.engine import fire as engine
from workflow.engine.acts import commit
from workflow.engine.definition import Check, Lifecycle, ReadWithAct, checklist
from workflow.engine.errors import NotFound
from workflow.engine.fire import Availability
from workflow.engine.unit_of_work import UnitOfWork
from workflow.engine.write import Reread, refusals_confirmed
from workflow.read.loading import act_on
from workflow.request.lifecycle import REQUEST

LIFECYCLES: dict[str, Lifecycle] = {"request": REQUEST, "action": ACTION, "activity": ACTIVITY}
MODELS: dict[str, type[Any]] = {"request": Request, "action": Action, "activity": Activity}


def lifecycle_of(kind: str) -> tuple[Lifecycle, type[Any]]:
    """The lifecycle and model of a kind (`request`, `action`, `activity`), or NotFound."""
    if kind not in LIFECYCLES:
        raise NotFound(f"There is no kind of object called {kind!r}.")
    return LIFECYCLES[kind], MODELS[kind]


def fire_transition(
    uow: UnitOfWork,
    kind: str,
    object_id: int,
    trigger: str,
    actor_id: int,
    *,
    data: Any = None,
    comment: str | None = "",
    version: int | None = None,
) -> Any:
    """Fire `trigger` on one Request, Action or Activity: all of it happens, or none."""
    lifecycle, model = lifecycle_of(kind)
    transition = lifecycle.transition(trigger)
    locked_with = transition.locks_with_act if transition else None

    def fire(reads: tuple[ReadWithAct, ...]) -> Any:
        with uow, refusals_confirmed(uow.session):
            ctx, obj = act_on(
                uow,
                model,
                object_id,
                actor_id,
                comment,
                lock=True,
                loads=transition.loads if transition else (),
                locked_with=locked_with,
                ids=locked_with.ids_in(data) if locked_with else None,
                reads=reads,
            )
            engine.fire(lifecycle, obj, trigger, ctx, data, version)
            commit(uow, kind)
            return obj

    try:
        return fire(transition.reads_with_act if transition else ())
    except Reread:  # a fact read with the act changed while it waited: read it after the lock
        return fire(())


def transitions_for(
    uow: UnitOfWork, kind: str, object_id: int, actor_id: int
) -> list[Availability]:
    """What this user may fire on the object now, and what blocks the rest."""
    lifecycle, model = lifecycle_of(kind)
    with uow:
        ctx, obj = act_on(uow, model, object_id, actor_id)
        return engine.available_transitions(lifecycle, obj, ctx)


def checklist_for(
    uow: UnitOfWork, kind: str, object_id: int, trigger: str, actor_id: int
) -> list[Check]:
    """Each guard of `trigger` on the object, met or not (the eligibility checklist, the
    "ready for the PSC" list); empty for a user whose role may not fire it."""
    lifecycle, model = lifecycle_of(kind)
    transition = lifecycle.transition(trigger)
    if transition is None:
        raise NotFound(f"There is no transition '{trigger}' for a {kind}.")
    with uow:
        ctx, obj = act_on(uow, model, object_id, actor_id)
        if engine.role_reasons(transition, obj, ctx):
            return []
        return checklist(transition, obj, ctx)
