"""Everything an object page shows, read in one transaction with the actor loaded once.

The page of a Request, Action or Activity used to call five services (the
object, its transitions, each checklist, its reminders, its files, its
activities, each PSC round), each loading the actor, the object and the
settings again: 33 queries for an Action. Here the actor (with their roles and
the settings' stamp) and the object are read once, and the guards, reminders
and lists ask the same session, so a row read twice comes from its identity map.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from db.models import Activity, HistoryEntry, PscVote, User
from workflow.deadlines.coming import ComingReminder, coming_dues, named
from workflow.engine import fire as engine
from workflow.engine.acts import acting
from workflow.engine.definition import Check, checklist
from workflow.engine.fire import Availability
from workflow.engine.states import StateEnum
from workflow.engine.unit_of_work import UnitOfWork
from workflow.library.listing import Entry, files_of
from workflow.lifecycles import lifecycle_of
from workflow.read.access import visibility_filter
from workflow.read.listing import Row
from workflow.read.psc_queue import Ballot, rounds_of
from workflow.read.queries import history_of, read_only, visible


@dataclass(frozen=True)
class ObjectPage:
    """An object as the actor sees it, and what its page shows around it.

    `obj` is loaded with the caller's loader options (and readable after the
    transaction); `votes` are an Action's current round's, for its API shape."""

    actor: User
    obj: Any
    state: StateEnum
    history: list[HistoryEntry]
    available: list[Availability]
    checklists: dict[str, list[Check]] = field(default_factory=dict)
    reminders: list[ComingReminder] = field(default_factory=list)
    files: list[Entry] | None = None  # Actions and Activities only
    activities: list[Row] = field(default_factory=list)  # an Action's, as the actor sees them
    rounds: list[tuple[int, list[Ballot]]] = field(default_factory=list)  # newest first
    votes: list[PscVote] = field(default_factory=list)


def object_page(
    uow: UnitOfWork,
    kind: str,
    object_id: int,
    actor_id: int,
    *,
    options: Sequence[ORMOption] = (),
    checklists: Iterable[str] = (),
    whole: bool = True,
) -> ObjectPage:
    """The object `object_id` of `kind` if the actor may see it (else NotFound), with its
    history, the transitions the actor may fire and, for `checklists` among them, each
    guard met or not. With `whole`, also its coming reminders, files, an Action's
    activities and PSC rounds (a transition's form page needs none of them)."""
    lifecycle, model = lifecycle_of(kind)
    with uow:
        session = read_only(uow)
        ctx, actor = acting(uow, actor_id)
        obj = visible(session, model, object_id, actor, options)
        available = engine.available_transitions(lifecycle, obj, ctx)
        offered = {a.trigger for a in available}
        lists: dict[str, list[Check]] = {}
        for trigger in checklists:
            transition = lifecycle.transition(trigger)
            if transition and trigger in offered and not engine.role_reasons(transition, obj, ctx):
                lists[trigger] = checklist(transition, obj, ctx)
        page = ObjectPage(
            actor,
            obj,
            lifecycle.state(obj.state),
            history_of(session, kind, object_id),
            available,
            lists,
        )
        if not whole:
            return page
        dues = coming_dues(session, kind, object_id, uow.now(), ctx.settings)
        extra: dict[str, Any] = {"reminders": named(session, dues, ctx.settings)}
        if kind in ("action", "activity"):
            extra["files"] = files_of(session, actor, kind, object_id)
        if kind == "action":
            extra["activities"] = _activities(session, actor, object_id)
            extra["rounds"], extra["votes"] = rounds_of(session, obj)
        return replace(page, **extra)


def _activities(session: Session, actor: User, action_id: int) -> list[Row]:
    """The Action's activities the actor may see, oldest planned first (one query)."""
    query = (
        sa.select(Activity.id, Activity.title, Activity.state, Activity.planned_start)
        .where(Activity.action_id == action_id, visibility_filter(Activity, actor))
        .order_by(Activity.planned_start, Activity.id)
    )
    return [Row(i, title, state, day, "") for i, title, state, day in session.execute(query)]
