"""Loading lifecycle objects for a change: visible to the actor, locked, or not found."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, contains_eager, joinedload, lazyload

from db.models import Action, Activity, Request, User
from workflow.admin.settings import settings_at, settings_stamp
from workflow.engine import resolve
from workflow.engine.context import FireContext
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
) -> tuple[FireContext, Any]:
    """The context of a user's act on one object, and the object, in one query: the object
    (an Activity with its Action), the actor with their roles, and the settings' stamp.

    The same answers as `acts.acting` then `load_visible`: an unknown or deactivated
    actor is refused first, then an object they may not see is not found. With `lock`,
    the object's row is locked, an Activity's Action with it (named first in
    FOR UPDATE OF: PostgreSQL locks them in that order, Action before Activity, as
    every other act does). The actor is read afresh each act, never kept. `loads`: the
    object's relationships to load with it (a transition's `loads`).
    """
    session = uow.session
    params = {"actor_id": actor_id, "object_id": object_id}
    # all(), not first(): a collection joined in comes over several rows.
    rows = session.execute(_act_query(model, lock, loads), params).unique().all()
    row = rows[0] if rows else None
    if row is None or not row[1].active:
        resolve.actor(session, actor_id)  # refuses an unknown or inactive actor by name
        raise NotFound(f"No {model.__name__} {object_id} (or you may not see it).")
    found, actor, stamp = row
    ctx = FireContext(session, actor, uow.now(), settings_at(session, stamp), comment=comment or "")
    if not _sees(ctx, model, found):
        raise NotFound(f"No {model.__name__} {object_id} (or you may not see it).")
    return ctx, found


_ACT_QUERIES: dict[tuple[type[Any], bool, tuple[str, ...]], Any] = {}


def _act_query(model: type[Any], lock: bool, loads: tuple[str, ...] = ()) -> Any:
    """`act_on`'s query, built once per model, lock and loads: the same statement object
    each act (SQLAlchemy keeps its cache key and compiled form), the ids bound at
    execution."""
    key = model, lock, loads
    if key not in _ACT_QUERIES:
        _ACT_QUERIES[key] = _build_act_query(model, lock, loads)
    return _ACT_QUERIES[key]


def _build_act_query(model: type[Any], lock: bool, loads: tuple[str, ...]) -> Any:
    query = sa.select(model, User, settings_stamp()).select_from(model)
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
