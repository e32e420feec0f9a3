"""Loading lifecycle objects for a change: visible to the actor, locked, or not found."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, User
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
        parent = session.scalar(sa.select(Activity.action_id).where(Activity.id == object_id))
        if parent is not None:
            session.execute(sa.select(Action.id).where(Action.id == parent).with_for_update())
    query = sa.select(model).where(model.id == object_id, visibility_filter(model, user))
    if lock:
        query = query.with_for_update(of=model)
    found = session.scalars(query.execution_options(populate_existing=lock)).first()
    if found is None:
        raise NotFound(f"No {model.__name__} {object_id} (or you may not see it).")
    return found


def require_role(user: User, role: str, what: str) -> None:
    """Refuse (Forbidden) a user without `role`; `what` names the refused act."""
    if role not in user.roles:
        raise Forbidden(f"Only {role} may {what}.")
