"""Loading lifecycle objects for a change: visible to the actor, locked, or not found."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, lazyload

from db.models import Action, Activity, Request, User
from workflow.engine.errors import Forbidden, NotFound
from workflow.read.access import visibility_filter


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
