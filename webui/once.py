"""One-time tokens for forms that create: a double click or a reload never creates twice.

The form carries a token issued with the page; the first submit that succeeds
records where it led, and any later submit of the same token goes there too.
"""

from __future__ import annotations

import secrets

from flask import session

ISSUED = "once_issued"
USED = "once_used"
KEEP = 20  # tokens remembered per session


def issue() -> str:
    token = secrets.token_urlsafe(16)
    session[ISSUED] = [*session.get(ISSUED, [])[-KEEP + 1 :], token]
    return token


def already_used(token: str) -> str | None:
    """Where the first submit of this token led, or None if it has not been used."""
    found: str | None = session.get(USED, {}).get(token)
    return found


def known(token: str) -> bool:
    return token in session.get(ISSUED, []) or already_used(token) is not None


def spend(token: str, result_url: str) -> None:
    used = dict(list(session.get(USED, {}).items())[-KEEP + 1 :])
    used[token] = result_url
    session[USED] = used
    session[ISSUED] = [t for t in session.get(ISSUED, []) if t != token]
