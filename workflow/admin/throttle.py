"""Failed logins, throttled per account and per address, counted in the database.

Every process (web workers, the API) reads and writes the same rows, so they
all agree. Only failures count, over a sliding window (settings): an attempt
is counted *before* its password is checked, in its own committed transaction,
and uncounted when the password was right. Parallel guesses therefore cannot
all slip under the limit while one of them is being checked, and a success
removes only its own count, never other addresses' failures.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import LoginFailure
from workflow.admin.settings import load_settings
from workflow.engine.errors import WorkflowError


class Throttled(WorkflowError):
    """Too many failed logins lately: try again after `retry_after` seconds."""

    code = "throttled"

    def __init__(self, retry_at: dt.datetime, now: dt.datetime) -> None:
        self.retry_at = retry_at
        self.retry_after = max(1, math.ceil((retry_at - now).total_seconds()))
        minutes = max(1, math.ceil(self.retry_after / 60))
        super().__init__(
            f"Too many failed logins: try again in {minutes} minute{'s' if minutes > 1 else ''}."
        )


@dataclass(frozen=True)
class Attempt:
    """The failure rows an attempt wrote, removed again if the password was right."""

    ids: tuple[int, ...]


def _keys(username: str, address: str) -> list[tuple[str, str]]:
    keys = [("account", username.strip()[:254])]
    return keys + ([("address", address[:254])] if address else [])


def begin(session: Session, username: str, address: str, now: dt.datetime) -> Attempt:
    """Refuse (Throttled) when the account or the address is over its limit; else count
    this attempt as a failure until `succeeded` says otherwise. The caller commits."""
    settings = load_settings(session)
    window = dt.timedelta(minutes=settings.login_window_minutes)
    limits = {
        "account": settings.login_failures_per_account,
        "address": settings.login_failures_per_address,
    }
    # Old failures no longer count: forget them (the table stays as small as the window).
    session.execute(sa.delete(LoginFailure).where(LoginFailure.at <= now - window))
    free_at = [
        at
        for scope, key in _keys(username, address)
        if (at := _free_at(session, scope, key, limits[scope], now - window)) is not None
    ]
    if free_at:
        raise Throttled(max(free_at) + window, now)
    rows = [LoginFailure(scope=s, key=k, at=now) for s, k in _keys(username, address)]
    session.add_all(rows)
    session.flush()
    return Attempt(tuple(r.id for r in rows))


def _free_at(
    session: Session, scope: str, key: str, limit: int, since: dt.datetime
) -> dt.datetime | None:
    """None when the key is under its limit; else the failure whose leaving the window
    brings it back under (the window's n-th newest failure, n = the limit)."""
    query = (
        sa.select(LoginFailure.at)
        .where(LoginFailure.scope == scope, LoginFailure.key == key, LoginFailure.at > since)
        .order_by(LoginFailure.at.desc(), LoginFailure.id.desc())
        .offset(limit - 1)
        .limit(1)
    )
    return session.scalar(query)


def succeeded(session: Session, attempt: Attempt) -> None:
    """The password was right: this attempt is not a failure (the others stay counted)."""
    session.execute(sa.delete(LoginFailure).where(LoginFailure.id.in_(attempt.ids)))
