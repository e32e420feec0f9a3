"""Writing the immutable history: one row per fire, edit, vote or creation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, HistoryEntry, User

if TYPE_CHECKING:
    from workflow.engine.context import FireContext

# Built once: the same statement each row keeps its cache key.
_INSERT = sa.insert(cast(sa.Table, HistoryEntry.__table__))


def kind_of(obj: object) -> str:
    """The object's kind as history rows name it (`request`, `action`, `activity`, ...)."""
    return type(obj).__name__.lower()


def action_id_of(obj: object) -> int | None:
    """The Action a row belongs to, so one Action's timeline is one indexed query."""
    if isinstance(obj, Action):
        return obj.id
    if isinstance(obj, Activity):
        return obj.action_id
    return None


def record(
    session: Session,
    obj: Any,
    trigger: str,
    *,
    from_state: str | None,
    to_state: str | None,
    actor: User | None,
    at: Any,
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    """Insert one history row for `obj`, at once, in the caller's transaction (a Core
    INSERT: no ORM object to track, no unit-of-work step to plan at flush)."""
    if obj.id is None:
        session.flush()
    values = {
        "object_kind": kind_of(obj),
        "object_id": obj.id,
        "action_id": action_id_of(obj),
        "trigger": trigger,
        "from_state": from_state,
        "to_state": to_state,
        "actor_id": actor.id if actor else None,
        "at": at,
        "comment": comment or "",
        "data": data or {},
    }
    # On the connection: a Session.execute would autoflush the object mid-act (two UPDATEs).
    session.connection().execute(_INSERT, values)


def write(
    ctx: FireContext,
    obj: Any,
    trigger: str,
    *,
    before: str | None,
    data: dict[str, Any] | None = None,
    comment: str | None = None,
) -> None:
    """The history row of one act in `ctx`: `obj` went from `before` to its state now.

    The actor, time and comment are the act's own (unless `comment` is given); objects without a
    lifecycle (experts) record no state.
    """
    record(
        ctx.session,
        obj,
        trigger,
        from_state=before,
        to_state=getattr(obj, "state", None),
        actor=ctx.actor,
        at=ctx.now,
        comment=ctx.comment if comment is None else comment,
        data=data,
    )
