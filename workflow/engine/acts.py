"""One act of a user or of the system: its context (actor, now, settings) and its commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from db.models import User
from workflow.admin.settings import settings_at, settings_stamp
from workflow.engine import resolve
from workflow.engine.context import FireContext
from workflow.engine.errors import invalid, stale
from workflow.engine.unit_of_work import UnitOfWork
from workflow.engine.write import write_changes


def context(uow: UnitOfWork, actor_id: int | None, comment: str | None = "") -> FireContext:
    """The FireContext of an act: session, actor (None = the system), now, settings, comment.

    One query: the actor with their roles, and the settings' stamp (the settings themselves
    are read again only when it changed). Users are never kept across acts: a deactivated
    user is refused at once.
    """
    session = uow.session
    if actor_id is None:
        user, stamp = None, session.scalar(sa.select(settings_stamp()))
    else:
        user, stamp = resolve.actor_with(session, actor_id, settings_stamp())
    settings = settings_at(session, stamp)
    return FireContext(session, user, uow.now(), settings, comment=comment or "")


def acting(uow: UnitOfWork, actor_id: int, comment: str | None = "") -> tuple[FireContext, User]:
    """The context of a user's act, and the user; an unknown or inactive one is refused."""
    ctx = context(uow, actor_id, comment)
    assert ctx.actor is not None  # resolve.actor raised otherwise
    return ctx, ctx.actor


def commit(uow: UnitOfWork, what: str = "object") -> None:
    """Commit, turning a lost optimistic-lock race into the same Stale refusal. The
    changed rows are written in Core first (workflow/engine/write.py)."""
    try:
        write_changes(uow.session)
        uow.commit()
    except StaleDataError:
        raise stale(what) from None


@contextmanager
def unique(field: str, message: str) -> Iterator[None]:
    """A unique index refusing the row at flush or commit is the 422 the check before it gives:
    two acts at the same moment both pass that check, and only the database sees the second."""
    try:
        yield
    except IntegrityError:
        raise invalid(field, message) from None
