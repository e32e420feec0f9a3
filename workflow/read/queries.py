"""Read-only questions of the API and the UI: one visible object, a visible page, a history.

Every query carries the visibility WHERE clause of workflow.access, so what a
user may not see is never loaded (and is answered as not found).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.interfaces import ORMOption

from db.models import Action, HistoryEntry, PscVote, User
from workflow.action import psc
from workflow.engine import resolve
from workflow.engine.errors import NotFound, invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.access import visibility_filter

T = TypeVar("T")
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int
    more: bool = False  # True: there are more than `total` (a count stopped at a cap)


def read_only(uow: UnitOfWork) -> Session:
    """The session for a read: on SQLite it begins DEFERRED, so readers never queue for the
    write lock that fires take (db.engine begins IMMEDIATE by default)."""
    uow.session.connection(execution_options={"sqlite_begin": "DEFERRED"})
    return uow.session


def paging(page: int = 1, per_page: int = DEFAULT_PER_PAGE) -> tuple[int, int]:
    """Checked paging: pages count from 1; per_page above the cap is capped, not refused."""
    if page < 1:
        raise invalid("page", "must be 1 or more")
    if per_page < 1:
        raise invalid("per_page", "must be 1 or more")
    return page, min(per_page, MAX_PER_PAGE)


def visible_page(
    session: Session,
    model: type[T],
    user: User,
    page: int,
    per_page: int,
    *where: sa.ColumnElement[bool],
    options: Sequence[ORMOption] = (),
) -> Page[T]:
    """One page of the rows of `model` the user may see, oldest first (by id).

    `options` are loader options, so a page's relations load in a few queries."""
    page, per_page = paging(page, per_page)
    model_: Any = model
    clause = sa.and_(visibility_filter(model, user), *where)
    total = session.scalar(sa.select(sa.func.count()).select_from(model_).where(clause)) or 0
    offset = (page - 1) * per_page
    if offset >= total:  # past the end: no query (and no OFFSET overflow for a huge page)
        return Page([], page, per_page, total)
    query = sa.select(model_).where(clause).options(*options).order_by(model_.id)
    rows = session.scalars(query.limit(per_page).offset(offset)).unique()
    return Page(list(rows), page, per_page, total)


def visible(
    session: Session, model: type[T], object_id: int, user: User, options: Sequence[ORMOption] = ()
) -> T:
    """One object the user may see, or NotFound (invisible is answered as absent)."""
    model_: Any = model
    query = sa.select(model_).where(model_.id == object_id, visibility_filter(model, user))
    query = query.options(*options)
    found = session.scalars(query).first()
    if found is None:
        raise NotFound(f"No {model.__name__} {object_id} (or you may not see it).")
    result: T = found
    return result


def actor(session: Session, user_id: int) -> User:
    """The acting user; an unknown or deactivated one is refused (NotFound)."""
    return resolve.actor(session, user_id)


def history_of(session: Session, kind: str, object_id: int) -> list[HistoryEntry]:
    """The object's history rows, oldest first (one indexed range of ix_history_object)."""
    query = sa.select(HistoryEntry).where(
        HistoryEntry.object_kind == kind, HistoryEntry.object_id == object_id
    )
    query = query.options(joinedload(HistoryEntry.actor).lazyload(User.role_rows))  # names only
    return list(session.scalars(query.order_by(HistoryEntry.id)))


def votes_of(session: Session, action: Action, round_: int | None = None) -> list[PscVote]:
    """The votes of a round (the current one by default), in the order they were cast."""
    if round_ is not None and round_ < 1:
        raise invalid("round", "must be 1 or more")
    return psc.votes(session, action, round_)
