"""API tokens: issued for a password or by the CLI, stored as a sha256 hash, revocable.

A token is 32 random bytes (secrets.token_urlsafe), so a fast hash cannot be
brute-forced; unlike passwords it needs no slow (argon2) hash, and a lookup
by hash is one indexed equality on every API call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import ApiToken, User
from workflow.admin.sessions import verified_user
from workflow.admin.settings import load_settings
from workflow.engine import resolve
from workflow.engine.errors import WorkflowError
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.queries import read_only


class BadCredentials(WorkflowError):
    """Unknown user, wrong password or inactive user: the API answers 401 alike."""

    code = "unauthenticated"


def hash_token(token: str) -> str:
    """The sha256 hex digest a token is stored and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _issue(uow: UnitOfWork, user: User) -> tuple[str, dt.datetime]:
    """Add a new token for `user` to the unit of work; the caller commits."""
    token = secrets.token_urlsafe(32)
    now = uow.now()
    expires = now + dt.timedelta(days=load_settings(uow.session).token_expiry_days)
    uow.session.add(
        ApiToken(token_hash=hash_token(token), user_id=user.id, created_at=now, expires_at=expires)
    )
    return token, expires


def issue_for_password(
    uow: UnitOfWork, username: str, password: str, address: str = ""
) -> tuple[str, dt.datetime]:
    """A new token for the user whose password this is; the same refusal whatever was wrong.
    Throttled like a web login, with the same counts (see workflow/admin/throttle.py)."""
    verified = verified_user(uow, username, password, address)
    if verified is None:
        raise BadCredentials("Wrong username or password.")
    with uow:
        user = uow.session.get(User, verified.id)
        assert user is not None
        issued = _issue(uow, user)
        uow.commit()
        return issued


def issue_for_username(uow: UnitOfWork, username: str) -> tuple[str, dt.datetime]:
    """A new token for a user named by an operator (`mieux token create`)."""
    with uow:
        user = resolve.user_by_name(uow.session, username)
        if not user.active:
            raise BadCredentials(f"The user {username!r} is deactivated.")
        issued = _issue(uow, user)
        uow.commit()
        return issued


def _live(session: Session, token: str, now: dt.datetime) -> ApiToken | None:
    query = sa.select(ApiToken).where(
        ApiToken.token_hash == hash_token(token),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > now,
    )
    return session.scalars(query).first()


def user_for_token(uow: UnitOfWork, token: str) -> int | None:
    """The id of the active user a live token belongs to, else None."""
    with uow:
        # One lean query: the route loads the user with their roles again as its actor.
        query = (
            sa.select(ApiToken.user_id)
            .join(User, User.id == ApiToken.user_id)
            .where(
                ApiToken.token_hash == hash_token(token),
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > uow.now(),
                User.active.is_(True),
            )
        )
        found: int | None = read_only(uow).scalar(query)
        return found


def revoke(uow: UnitOfWork, token: str) -> bool:
    """Revoke one token; False when it was not live."""
    with uow:
        found = _live(uow.session, token, uow.now())
        if found is None:
            return False
        found.revoked_at = uow.now()
        uow.commit()
        return True


def revoke_all(uow: UnitOfWork, username: str) -> int:
    """Revoke every live token of a user (`mieux token revoke`); how many were revoked."""
    with uow:
        user = resolve.user_by_name(uow.session, username)
        now = uow.now()
        result = uow.session.execute(
            sa.update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        uow.commit()
        return int(getattr(result, "rowcount", 0) or 0)
