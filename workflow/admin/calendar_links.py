"""Each user's secret calendar link: readable by a calendar program without a login.

The link carries `<user id>-<HMAC(key, user id, nonce)>`; only the nonce is
stored, so the database alone does not give anyone's link, while the account
page can show it again at any time. Renewing draws a new nonce: the old link
stops working at once. The key is the application's secret key (an adapter
gives it), so changing that key renews every link.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa

from db.models import CalendarLink, User
from workflow.engine.acts import acting
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.queries import read_only


def _token(key: bytes, user_id: int, nonce: str) -> str:
    mac = hmac.new(key, f"calendar:{user_id}:{nonce}".encode(), hashlib.sha256).hexdigest()
    return f"{user_id}-{mac}"


def calendar_token(uow: UnitOfWork, key: bytes, user_id: int, renew: bool = False) -> str:
    """The user's current calendar token, made on first use; `renew` replaces it."""
    with uow:
        ctx, user = acting(uow, user_id)
        link = uow.session.get(CalendarLink, user.id)
        if link is None or renew:
            nonce = secrets.token_hex(16)
            if link is None:
                uow.session.add(CalendarLink(user_id=user.id, nonce=nonce, created_at=ctx.now))
            else:
                link.nonce, link.created_at = nonce, ctx.now
            uow.commit()
        else:
            nonce = link.nonce
        return _token(key, user.id, nonce)


def user_for_calendar(uow: UnitOfWork, key: bytes, token: str) -> int | None:
    """The active user whose current token this is, else None (the feed answers 404)."""
    number, _dash, _mac = token.partition("-")
    if not number.isdigit() or len(number) > 9:
        return None
    with uow:
        session = read_only(uow)
        row = session.execute(
            sa.select(CalendarLink.nonce, User.active)
            .join(User, User.id == CalendarLink.user_id)
            .where(CalendarLink.user_id == int(number))
        ).first()
        if row is None or not row.active:
            return None
        expected = _token(key, int(number), row.nonce)
        return int(number) if hmac.compare_digest(expected, token) else None
