"""Writing the immutable history: one row per fire, edit, vote or creation."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, HistoryEntry, User
from workflow.engine.write import Tail, bound_rows, holds_write, send_with_held

if TYPE_CHECKING:
    from workflow.engine.context import FireContext

# One INSERT of the table, not an ORM object per row: history rows are never read back
# or changed in the act that writes them, and building a HistoryEntry (ten instrumented
# attribute sets) cost more than the rest of a fire in memory (docs/decisions.md).
INSERT = sa.insert(cast(sa.Table, HistoryEntry.__table__))


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


def row(
    obj: Any,
    trigger: str,
    *,
    from_state: str | None,
    to_state: str | None,
    actor: User | None,
    at: Any,
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One history row's columns for `obj`."""
    return {
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


# The table's columns but the id, in the order `tail`'s rows bind them.
_WRITTEN = list(INSERT.table.c.keys())[1:]


def insert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Send `rows` in one INSERT, in the session's transaction: they are kept or rolled
    back with the rest of the act. After a fire's held write (PostgreSQL), in its
    statement."""
    if not rows:
        return
    if holds_write(session):
        send_with_held(session, tail(len(rows)), tail_params(rows))
    else:
        session.execute(INSERT, rows)


@cache
def tail(count: int) -> Tail:
    """`count` history rows as the end of a held write's statement (none: nothing)."""
    if not count:
        return Tail((), sa.literal(0))
    rows = bound_rows(cast(sa.Table, INSERT.table), _WRITTEN, "h", count)
    return Tail((sa.insert(INSERT.table).from_select(_WRITTEN, rows).cte("hist"),), sa.literal(0))


def tail_params(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The parameters of `tail(len(rows))`."""
    return {f"h{n}_{column}": value for n, row in enumerate(rows) for column, value in row.items()}


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
    lifecycle (experts) record no state. Inside a fire, or in a vote waiting for the decision
    it may cause, the row joins those waiting (`ctx.history`); otherwise it is sent at once.
    """
    if obj.id is None:
        ctx.session.flush()
    entry = row(
        obj,
        trigger,
        from_state=before,
        to_state=getattr(obj, "state", None),
        actor=ctx.actor,
        at=ctx.now,
        comment=ctx.comment if comment is None else comment,
        data=data,
    )
    if ctx.history is None:
        insert(ctx.session, [entry])
    else:
        ctx.history.append(entry)
