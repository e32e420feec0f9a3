"""Loading lifecycle objects for a change: visible to the actor, locked, or not found."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, contains_eager, joinedload, lazyload

from db.models import Action, Activity, Request, User
from workflow.admin.settings import settings_at, settings_stamp
from workflow.engine import resolve
from workflow.engine.context import FireContext
from workflow.engine.definition import LockedWith, ReadWithAct
from workflow.engine.errors import Forbidden, NotFound
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.access import SEES_EVERYTHING, actors_focal_point, can_see, visibility_filter


def load_visible(
    session: Session, model: type[Any], object_id: int, user: User, *, lock: bool = False
) -> Any:
    """The object if the user may see it; anything else is answered as not found (404).

    With `lock`, the row is locked for the transaction; an Activity's parent
    Action is locked first (always Action before Activity: no deadlock).
    """
    if lock and model is Activity:
        # One statement finds the parent and locks its row (the Activity's is not locked yet).
        session.execute(
            sa.select(Action.id)
            .join(Activity, Activity.action_id == Action.id)
            .where(Activity.id == object_id)
            .with_for_update(of=Action)
        )
    query = sa.select(model).where(model.id == object_id, visibility_filter(model, user))
    query = query.options(*_without_owner_roles(model))
    if model is Activity:  # every Activity guard asks its Action's state: load it with it
        query = query.options(joinedload(Activity.action).options(*_without_owner_roles(Action)))
    if lock:
        query = query.with_for_update(of=model)
    found = session.scalars(query.execution_options(populate_existing=lock)).first()
    if found is None:
        raise NotFound(f"No {model.__name__} {object_id} (or you may not see it).")
    return found


def act_on(
    uow: UnitOfWork,
    model: type[Any],
    object_id: int,
    actor_id: int,
    comment: str | None = "",
    *,
    lock: bool = False,
    loads: tuple[str, ...] = (),
    locked_with: LockedWith | None = None,
    ids: list[int] | None = None,
    reads: tuple[ReadWithAct, ...] = (),
) -> tuple[FireContext, Any]:
    """The context of a user's act on one object, and the object, in one query: the object
    (an Activity with its Action), the actor with their roles, and the settings' stamp.

    The same answers as `acts.acting` then `load_visible`: an unknown or deactivated
    actor is refused first, then an object they may not see is not found. With `lock`,
    the object's row is locked, an Activity's Action with it (named first in
    FOR UPDATE OF: PostgreSQL locks them in that order, Action before Activity, as
    every other act does). The actor is read afresh each act, never kept. `loads`: the
    object's relationships to load with it (a transition's `loads`). `locked_with` and
    `ids`: rows the transition locks, read and locked in the same statement after the
    object's (see `LockedWith`); when none of the ids is found, the act is read alone,
    and the fire reads them as it would have. `reads`: facts read with the act on
    PostgreSQL, kept in the memo (see `ReadWithAct`).
    """
    session = uow.session
    params: dict[str, Any] = {"actor_id": actor_id, "object_id": object_id}
    if not (lock and locked_with and ids):
        locked_with = None
    else:
        params["locked_ids"] = ids
    if not lock or session.get_bind().dialect.name != "postgresql":
        reads = ()
    query = _act_query(model, lock, loads, locked_with, reads)
    # all(), not first(): a collection joined in comes over several rows.
    rows = session.execute(query, params).unique().all()
    if not rows and locked_with is not None:  # no such row (or no such object, actor)
        locked_with = None
        rows = session.execute(_act_query(model, lock, loads, None, reads), params).unique().all()
    row = rows[0] if rows else None
    if row is None or not row[1].active:
        resolve.actor(session, actor_id)  # refuses an unknown or inactive actor by name
        raise NotFound(f"No {model.__name__} {object_id} (or you may not see it).")
    found, actor, stamp = row[:3]
    ctx = FireContext(session, actor, uow.now(), settings_at(session, stamp), comment=comment or "")
    if not _sees(ctx, model, found):
        raise NotFound(f"No {model.__name__} {object_id} (or you may not see it).")
    for n, read in enumerate(reads):
        text = row[3 + n]
        ctx.memo[read.key] = None if text is None else json.loads(text)
    if locked_with is not None and ids:
        # One row per locked row (and per role of the actor): each locked row once, in order.
        first = 3 + len(reads)
        by_key = {r[first]: tuple(r[first:]) for r in rows}
        locked_with.remember(ctx, ids, list(by_key.values()))
    return ctx, found


_ActKey = tuple[type[Any], bool, tuple[str, ...], LockedWith | None, tuple[ReadWithAct, ...]]
_ACT_QUERIES: dict[_ActKey, Any] = {}


def _act_query(
    model: type[Any],
    lock: bool,
    loads: tuple[str, ...] = (),
    locked_with: LockedWith | None = None,
    reads: tuple[ReadWithAct, ...] = (),
) -> Any:
    """`act_on`'s query, built once per model, lock, loads, rows locked and facts read with
    it: the same statement object each act (SQLAlchemy keeps its cache key and compiled
    form), the ids bound at execution."""
    key = model, lock, loads, locked_with, reads
    if key not in _ACT_QUERIES:
        _ACT_QUERIES[key] = _build_act_query(*key)
    return _ACT_QUERIES[key]


def _build_act_query(
    model: type[Any],
    lock: bool,
    loads: tuple[str, ...],
    locked_with: LockedWith | None,
    reads: tuple[ReadWithAct, ...],
) -> Any:
    query = sa.select(model, User, settings_stamp()).select_from(model)
    query = query.add_columns(*(read.column for read in reads))
    locked: list[Any] = [model]
    if model is Activity:
        query = query.join(Activity.action).options(
            contains_eager(Activity.action).options(*_without_owner_roles(Action))
        )
        locked = [Action, Activity]
    query = query.join(User, User.id == sa.bindparam("actor_id", type_=sa.Integer))
    query = query.where(model.id == sa.bindparam("object_id", type_=sa.Integer))
    query = query.options(*_without_owner_roles(model), joinedload(User.role_rows))
    # Outer joins: FOR UPDATE OF names the object's table only, never a joined one.
    query = query.options(*(joinedload(getattr(model, name)) for name in loads))
    if locked_with is not None:
        # An inner join: a row each found; none found, no row (`act_on` reads the act alone).
        # Ordered by key: PostgreSQL locks the rows in the order it returns them.
        key = locked_with.key
        ids = sa.bindparam("locked_ids", expanding=True, type_=key.type)
        query = query.add_columns(*locked_with.select).join(key.class_, key.in_(ids))
        query = query.order_by(key)
        locked.append(key.class_)
    if lock:
        query = query.with_for_update(of=locked)
    return query  # the unit of work's session is new: nothing loaded to overwrite


def _sees(ctx: FireContext, model: type[Any], found: Any) -> bool:
    """`visibility_filter`, asked of an object already loaded: most actors see everything;
    a focal point's link to an Action is the one `validate_fiche` reads too (once)."""
    actor = ctx.actor
    assert actor is not None
    if actor.roles & SEES_EVERYTHING:
        return True
    if model in (Action, Activity) and "focal_point" in actor.roles:
        action_id = found.id if model is Action else found.action_id
        if actors_focal_point(ctx, action_id) is not None:
            return True
    return can_see(ctx.session, actor, model, found.id)


def _without_owner_roles(model: type[Any]) -> list[Any]:
    """The owner of an Action or a Request, joined by default to print their name, is read
    only if asked for (from the session when it is the actor): else the owner's roles cost
    a query of their own, and a locked load would overwrite the actor's loaded roles."""
    if model in (Action, Request):
        return [lazyload(model.owner)]
    return []


def require_role(user: User, role: str, what: str) -> None:
    """Refuse (Forbidden) a user without `role`; `what` names the refused act."""
    if role not in user.roles:
        raise Forbidden(f"Only {role} may {what}.")
