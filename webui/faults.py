"""Database faults as clear answers, in the API (docs/api.md's error body) and the pages.

The unit of work has already rolled back when one of these reaches a handler:
nothing is half-written. What the input caused is the caller's to fix (409
for a row that clashes with a stored one, 422 for a value the column cannot
hold); what the database itself cannot do now (unreachable, read-only, a lock
not granted in time) is 503, and the service resumes by itself once it is back
(the engine's pool_pre_ping replaces dropped connections).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, render_template, request
from flask_babel import gettext as _

RETRY_AFTER = "30"  # seconds: long enough for a restart, short enough for a person to wait
READ_ONLY = "25006"  # PostgreSQL's read_only_sql_transaction (a standby, a read-only mode)


@dataclass(frozen=True)
class Answer:
    status: int
    code: str
    message: str


CONFLICT = Answer(409, "conflict", "This clashes with something already stored: nothing was saved.")
TOO_BIG = Answer(
    422, "validation_failed", "A value does not fit what can be stored: nothing was saved."
)
UNAVAILABLE = Answer(
    503,
    "unavailable",
    "The database cannot be used just now (unreachable, busy or read-only): nothing was "
    "saved. Try again in a moment.",
)


def answer_for(error: sa.exc.SQLAlchemyError) -> Answer | None:
    """The answer a database fault gets, or None for a fault of our own (a 500)."""
    if isinstance(error, sa.exc.IntegrityError):
        return CONFLICT
    if isinstance(error, sa.exc.DataError):
        return TOO_BIG
    if isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)):
        return UNAVAILABLE  # includes SQLite's "readonly database" and "database is locked"
    if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
        return UNAVAILABLE
    if getattr(getattr(error, "orig", None), "sqlstate", None) == READ_ONLY:
        return UNAVAILABLE
    return None


def api_answer(error: sa.exc.SQLAlchemyError) -> Response:
    from webui.api.errors import error_response, unexpected_error

    found = answer_for(error)
    if found is None:
        return unexpected_error(error)
    _log(error, found)
    response = error_response(found.status, found.code, found.message, [])
    if found.status == 503:
        response.headers["Retry-After"] = RETRY_AFTER
    return response


def page_answer(error: sa.exc.SQLAlchemyError) -> Response | tuple[str, int, dict[str, str]]:
    if request.path.startswith("/api/"):  # before the API's blueprint was chosen
        return api_answer(error)
    found = answer_for(error)
    if found is None:
        raise error  # Flask's 500 page, logged with its traceback
    _log(error, found)
    if "_login_user" not in g:  # the fault may have been in loading the user: show as anonymous
        g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    headings = {
        409: (
            _("Someone else changed this"),
            _("Nothing was saved. Reload the page, then try again."),
        ),
        422: (
            _("A value is too long"),
            _("Nothing was saved. Shorten what you typed, then try again."),
        ),
        503: (
            _("The service is unavailable"),
            _("Nothing was saved. The database cannot be used just now: try again in a moment."),
        ),
    }
    heading, advice = headings[found.status]
    page = render_template(
        "error.html",
        navigation=[],
        unread=0,
        title=heading,
        advice=advice,
        detail=None,
        code=found.status,
    )
    headers = {"Retry-After": RETRY_AFTER} if found.status == 503 else {}
    return page, found.status, headers


def _log(error: sa.exc.SQLAlchemyError, found: Answer) -> None:
    # One line, not a traceback: the fault is expected, its cause is what an operator needs.
    cause = getattr(error, "orig", None) or error
    first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    current_app.logger.warning(
        "%s %s: %d %s (%s)", request.method, request.path, found.status, found.code, first
    )


def init(app: Flask) -> None:
    app.register_error_handler(sa.exc.SQLAlchemyError, page_answer)
