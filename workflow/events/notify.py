"""Writing an event's notices to the outbox, in the transaction of the act that causes them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import FocalPoint
from workflow.deadlines.recipients import accounts_by_email
from workflow.deadlines.window import Recipient, dues, newest_only
from workflow.engine.context import FireContext
from workflow.engine.definition import Effect
from workflow.events.store import store_event


def notify(
    ctx: FireContext,
    rule: str,
    obj: tuple[str, int],
    recipients: Iterable[Recipient],
    occurrence: str,
    facts: Mapping[str, object],
    title: str | None = None,
) -> int:
    """One notice per recipient, dated today; the actor is not told of their own act.

    Only inserts (the caller commits or rolls back the whole act); a key already
    there is skipped, so an event is told once per (rule, object, recipient,
    occurrence). `title` is the object's, when the caller has it loaded (else it is
    read). Three statements, whatever the number of recipients; on PostgreSQL inside a
    fire, one, sent with the fire's history rows. Returns how many notices are new (or,
    held for the fire's end, how many are to be written).
    """
    actor = ctx.actor.id if ctx.actor is not None else None
    told = [r for r in recipients if r.user_id is None or r.user_id != actor]
    if not told:
        return 0
    ctx.session.flush()  # the act's own rows first: the outbox rows follow them
    named = {**facts, "title": title} if title else facts
    found = newest_only(dues(rule, obj, told, occurrence, ctx.today, named))
    session, now = ctx.session, ctx.now
    if ctx.notices is not None and session.get_bind().dialect.name == "postgresql":
        # Inside a fire: written with its history rows when it ends (one round trip less).
        ctx.notices.append(lambda rows: store_event(session, now, found, history=rows))
        return len(found)
    return store_event(session, now, found)


def after_the_fire(step: Effect) -> Effect:
    """`step` as an effect that runs once the fire is written (`FireContext.afterwards`):
    it reads the fire's outcome, and its rows follow the object's one write."""

    def deferred(obj: Any, ctx: FireContext) -> None:
        ctx.afterwards.append(lambda: step(obj, ctx))

    deferred.__name__, deferred.__doc__ = step.__name__, step.__doc__
    return deferred


def users(user_ids: Iterable[int], role: str) -> list[Recipient]:
    return [Recipient(uid, None, role) for uid in dict.fromkeys(user_ids)]


_FOCAL_EMAILS = (
    sa.select(FocalPoint.email)
    .where(FocalPoint.action_id == sa.bindparam("action_id", type_=sa.Integer))
    .order_by(FocalPoint.email)
)


def focal_points(session: Session, action_id: int) -> list[Recipient]:
    """The Action's focal points: the active focal-point user with the same e-mail, else the
    e-mail itself (a focal point without an account is written to)."""
    emails = list(session.scalars(_FOCAL_EMAILS, {"action_id": action_id}))
    accounts = accounts_by_email(session, emails, "focal_point")
    return [
        Recipient(accounts.get(email), None if email in accounts else email, "focal_point")
        for email in dict.fromkeys(emails)
    ]
