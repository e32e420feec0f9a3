"""Who is signed in: checking a password (throttled), and the user a session names.

A web session carries the user's session generation from its login; raising
the generation ("log out everywhere", a new password) ends every session made
before, at its next request, in every process (the check reads the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from db.models import User
from workflow.admin import passwords, throttle
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.notices import unread_count
from workflow.read.queries import read_only


@dataclass(frozen=True)
class SignedIn:
    """The user of a web session, detached from any database session."""

    id: int
    username: str
    full_name: str
    roles: frozenset[str]
    generation: int = 0
    unread: int = 0  # their unread notifications when the session was checked (the header's)

    def has(self, *roles: str) -> bool:
        """True when the user holds at least one of `roles`."""
        return bool(self.roles & set(roles))


def _signed_in(user: User, unread: int = 0) -> SignedIn:
    name = user.full_name or user.username
    return SignedIn(user.id, user.username, name, user.roles, user.session_generation, unread)


@cache
def _decoy() -> str:
    return passwords.hash_password("not anybody's password")


def verified_user(uow: UnitOfWork, username: str, password: str, address: str) -> User | None:
    """The active user whose password this is, or None (whatever was wrong: say nothing more).

    Raises Throttled when the account or the address has failed too often lately
    (then the password is not even checked). An unknown username costs as much
    time as a wrong password, so timing does not tell which usernames exist.
    An older hash is upgraded to today's KDF once the password is known right.
    """
    if not storable(username):  # no user has such a name, and the database takes no NUL
        return None
    with uow:  # count the attempt first, committed: every process sees it at once
        attempt = throttle.begin(uow.session, username, address, uow.now())
        query = sa.select(User).where(User.username == username.strip())
        user = uow.session.scalars(query).first()
        stored = user.password_hash if user is not None and user.active else None
        uow.commit()
    # The slow hash runs outside any transaction (SQLite's write lock is not held).
    if stored is None:
        passwords.verify(_decoy(), password)
        return None
    if not passwords.verify(stored, password):
        return None
    with uow:
        throttle.succeeded(uow.session, attempt)
        found = uow.session.get(User, user.id) if user is not None else None
        if found is None or not found.active:
            return None
        if found.password_hash == stored and passwords.needs_upgrade(stored):
            found.password_hash = passwords.hash_password(password)
        uow.commit()
        return found


def storable(text: str) -> bool:
    """False for text no database column may hold (NUL, a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return "\x00" not in text


def authenticate(
    uow: UnitOfWork, username: str, password: str, address: str = ""
) -> SignedIn | None:
    """The signed-in user for a web login, or None; Throttled when it must wait."""
    user = verified_user(uow, username, password, address)
    return _signed_in(user) if user is not None else None


def signed_in(uow: UnitOfWork, user_id: int, generation: int = 0) -> SignedIn | None:
    """The session's user if still active and the session of their current generation
    (a deactivated user's sessions, and those ended everywhere, stop at once). The user
    comes with their roles and their unread notifications' count, in one query."""
    with uow:
        query = sa.select(User, unread_count(user_id)).options(joinedload(User.role_rows))
        row = read_only(uow).execute(query.where(User.id == user_id)).unique().first()
        if row is None:
            return None
        user, unread = row
        if not user.active or user.session_generation != generation:
            return None
        return _signed_in(user, unread or 0)


def log_out_everywhere(uow: UnitOfWork, user_id: int) -> None:
    """End every web session of the user, this one included (API tokens stay: see
    docs/decisions.md, "Accounts and sessions")."""
    with uow:
        uow.session.execute(
            sa.update(User)
            .where(User.id == user_id)
            .values(session_generation=User.session_generation + 1)
        )
        uow.commit()
