"""Each user's notice preferences: e-mail on or off, single e-mails or one daily digest.

In-app notices are always kept, whatever the choice. No row means the defaults
(e-mail on, single e-mails). A user without an e-mail address gets in-app
notices only; an Expert without an account (no preferences) gets e-mails only.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import NoticePreference, User
from workflow.engine.acts import acting
from workflow.engine.errors import invalid
from workflow.engine.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Preferences:
    email: bool = True
    daily_digest: bool = False
    # Whether the user has an address at all (without one, notices are in-app only).
    has_address: bool = True

    @property
    def channel(self) -> str:
        """How a notice reaches them beyond the app: `email`, `digest` or `in_app` (none)."""
        if not (self.email and self.has_address):
            return "in_app"
        return "digest" if self.daily_digest else "email"


def preferences_of(session: Session, user: User) -> Preferences:
    row = session.get(NoticePreference, user.id)
    stored = (None, None) if row is None else (row.email, row.daily_digest)
    return preferences_from(user.email, *stored)


def preferences_from(
    address: str | None, email: bool | None, daily_digest: bool | None
) -> Preferences:
    """The preferences from a user's address and stored choices (None: no row, the defaults)."""
    defaults = Preferences()
    return Preferences(
        defaults.email if email is None else email,
        defaults.daily_digest if daily_digest is None else daily_digest,
        bool((address or "").strip()),
    )


def digest_user_ids() -> sa.Select[int]:
    """The users whose notices wait for their daily digest (e-mail on, digest chosen)."""
    return sa.select(NoticePreference.user_id).where(
        NoticePreference.email.is_(True), NoticePreference.daily_digest.is_(True)
    )


def my_preferences(uow: UnitOfWork, user_id: int) -> Preferences:
    """The signed-in user's own preferences."""
    with uow:
        _, user = acting(uow, user_id)
        return preferences_of(uow.session, user)


def set_preferences(
    uow: UnitOfWork, user_id: int, email: object, daily_digest: object
) -> Preferences:
    """Change the user's own preferences; they apply to the next delivery pass."""
    for name, value in (("email", email), ("daily_digest", daily_digest)):
        if not isinstance(value, bool):
            raise invalid(name, "must be true or false")
    assert isinstance(email, bool) and isinstance(daily_digest, bool)
    with uow:
        ctx, user = acting(uow, user_id)
        row = uow.session.get(NoticePreference, user.id, with_for_update=True)
        if row is None:
            row = NoticePreference(user_id=user.id)
            uow.session.add(row)
        row.email, row.daily_digest, row.updated_at = email, daily_digest, ctx.now
        uow.commit()
        return preferences_of(uow.session, user)
