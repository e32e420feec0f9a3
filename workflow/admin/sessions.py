"""Who is signed in to the web UI: checking a password, and the user a session names."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash

from db.models import User
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.queries import read_only


@dataclass(frozen=True)
class SignedIn:
    """The user of a web session, detached from any database session."""

    id: int
    username: str
    full_name: str
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        """True when the user holds at least one of `roles`."""
        return bool(self.roles & set(roles))


def _signed_in(user: User) -> SignedIn:
    return SignedIn(user.id, user.username, user.full_name or user.username, user.roles)


def authenticate(uow: UnitOfWork, username: str, password: str) -> SignedIn | None:
    """The active user whose password this is, or None (whatever was wrong: say nothing more)."""
    with uow:
        query = sa.select(User).where(User.username == username.strip())
        user = read_only(uow).scalars(query).first()
        if user is None or not user.active:
            return None
        return _signed_in(user) if check_password_hash(user.password_hash, password) else None


def signed_in(uow: UnitOfWork, user_id: int) -> SignedIn | None:
    """The session's user if still active (a deactivated user's sessions end at once)."""
    with uow:
        query = sa.select(User).options(joinedload(User.role_rows)).where(User.id == user_id)
        user = read_only(uow).scalars(query).unique().first()  # with its roles: one query
        return _signed_in(user) if user is not None and user.active else None
