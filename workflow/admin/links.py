"""One-time links to set a password: the invitation of a new user, and a reset.

A link's token is made when its e-mail is sent (the outbox's delivery calls
`issue_link`), so the token itself is never stored: the database keeps its
sha256 only, like an API token's (32 random bytes need no slow hash). A new
link replaces the user's older ones; a link works once, until it expires.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import AccountLink, User
from workflow.admin import passwords
from workflow.admin.settings import load_settings
from workflow.admin.tokens import hash_token
from workflow.deadlines import Due
from workflow.engine.errors import invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.queries import read_only

# The outbox rules of account e-mails, and the purpose of the link each one carries.
ACCOUNT_RULES = {"invitation": "invitation", "password_reset": "reset"}
SUBJECTS = {
    "invitation": "Your MIEUX Workflow account: choose your password",
    "password_reset": "MIEUX Workflow: set a new password",
}


def account_email(user: User, rule: str, now: dt.datetime) -> Due:
    """The outbox row of an account e-mail. Its occurrence is the minute it was asked for:
    asking again within the minute adds nothing (a double click sends one e-mail)."""
    return Due(
        rule=rule,
        object_kind="user",
        object_id=user.id,
        recipient_user_id=user.id,
        recipient_email=None,
        occurrence=now.isoformat(timespec="minutes"),
        due_on=now.date(),
        facts={"username": user.username},
    )


def _lifetime(session: Session, purpose: str) -> dt.timedelta:
    settings = load_settings(session)
    if purpose == "invitation":
        return dt.timedelta(days=settings.invitation_expiry_days)
    return dt.timedelta(minutes=settings.reset_expiry_minutes)


def issue_link(
    session: Session, user_id: int, rule: str, now: dt.datetime
) -> tuple[str, dt.datetime]:
    """A new link's token and expiry for the e-mail being sent; the user's older links stop
    working (only the newest e-mail's link does)."""
    purpose = ACCOUNT_RULES[rule]
    session.execute(
        sa.update(AccountLink)
        .where(AccountLink.user_id == user_id, AccountLink.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    expires = now + _lifetime(session, purpose)
    session.add(
        AccountLink(
            token_hash=hash_token(token),
            user_id=user_id,
            purpose=purpose,
            created_at=now,
            expires_at=expires,
        )
    )
    return token, expires


class LinkState(enum.StrEnum):
    VALID = "valid"
    USED = "used"  # followed already, or replaced by a newer link
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LinkCheck:
    state: LinkState
    purpose: str = ""
    username: str = ""


def _check(session: Session, token: str, now: dt.datetime) -> tuple[LinkCheck, AccountLink | None]:
    found = session.scalars(
        sa.select(AccountLink).where(AccountLink.token_hash == hash_token(token))
    ).first()
    user = session.get(User, found.user_id) if found else None
    if found is None or user is None or not user.active:
        return LinkCheck(LinkState.UNKNOWN), None
    if found.used_at is not None:
        state = LinkState.USED
    elif found.expires_at <= now:
        state = LinkState.EXPIRED
    else:
        state = LinkState.VALID
    return LinkCheck(state, found.purpose, user.username), found


def check_link(uow: UnitOfWork, token: str) -> LinkCheck:
    """What a link is now: valid, used (or replaced), expired, or unknown."""
    with uow:
        return _check(read_only(uow), token, uow.now())[0]


LINK_REFUSALS = {
    LinkState.USED: "This link has already been used, or a newer one replaced it.",
    LinkState.EXPIRED: "This link has expired.",
    LinkState.UNKNOWN: "This link is not valid.",
}


def set_password_by_link(uow: UnitOfWork, token: str, password: str) -> str:
    """Set the password a valid link is for; the link is spent, and every session of the
    user ends (whoever held one, it was not made with this password). Returns the username."""
    with uow:
        checked, link = _check(uow.session, token, uow.now())
        if link is None or checked.state is not LinkState.VALID:
            raise invalid("link", LINK_REFUSALS[checked.state])
        if problem := passwords.length_problem(password):
            raise invalid("password", problem)
        # Spent by a conditional update: two submits at once set the password once.
        spent = uow.session.execute(
            sa.update(AccountLink)
            .where(AccountLink.id == link.id, AccountLink.used_at.is_(None))
            .values(used_at=uow.now())
        )
        if spent.rowcount != 1:  # type: ignore[attr-defined]
            raise invalid("link", LINK_REFUSALS[LinkState.USED])
        user = uow.session.get(User, link.user_id)
        assert user is not None
        user.password_hash = passwords.hash_password(password)
        user.session_generation += 1
        uow.commit()
        return user.username
