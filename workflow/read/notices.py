"""A user's in-app notifications: their own only, paged, newest first, marked read once."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Notification
from workflow.engine.errors import NotFound
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.queries import Page, paging


def page_for(
    session: Session, user_id: int, unread: bool | None, page: int, per_page: int
) -> Page[Notification]:
    """The user's notifications, newest first; `unread` True/False filters, None keeps all."""
    page, per_page = paging(page, per_page)
    clause = Notification.user_id == user_id
    if unread is not None:
        clause = sa.and_(
            clause, Notification.read_at.is_(None) if unread else Notification.read_at.is_not(None)
        )
    total = session.scalar(sa.select(sa.func.count(Notification.id)).where(clause)) or 0
    offset = (page - 1) * per_page
    if offset >= total:
        return Page([], page, per_page, total)
    query = sa.select(Notification).where(clause).order_by(Notification.id.desc())
    rows = session.scalars(query.limit(per_page).offset(offset))
    return Page(list(rows), page, per_page, total)


def mark_read(uow: UnitOfWork, user_id: int, notification_id: int) -> Notification:
    """Mark one of the user's notifications read; reading again keeps the first time."""
    with uow:
        query = sa.select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user_id
        )
        found = uow.session.scalars(query).first()
        if found is None:
            raise NotFound(f"No notification {notification_id} (or it is not yours).")
        if found.read_at is None:
            found.read_at = uow.now()
            uow.commit()
        return found


def unread_count(user_id: int) -> sa.ScalarSelect[int]:
    """How many of the user's notifications are unread, as a column (the header's count,
    read with the session's user: ix_notifications_user)."""
    query = sa.select(sa.func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    return query.scalar_subquery()


def mark_all_read(uow: UnitOfWork, user_id: int) -> int:
    """Mark every unread notification of the user read; how many were."""
    with uow:
        result = uow.session.execute(
            sa.update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=uow.now())
        )
        uow.commit()
        return int(getattr(result, "rowcount", 0) or 0)
