"""What every page shares: rendering with the user's navigation, and the error pages."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug import exceptions as http
from werkzeug.exceptions import HTTPException

from workflow.services import (
    Forbidden,
    NotFound,
    UnitOfWork,
    ValidationFailed,
    WorkflowError,
)

# (endpoint, label, roles that see it; empty: everyone)
NAVIGATION: list[tuple[str, str, frozenset[str]]] = [
    ("home.index", "Home", frozenset()),
    ("psc.queue", "Votes", frozenset({"psc"})),
    ("lists.requests", "Requests", frozenset({"staff", "psc", "admin", "focal_point"})),
    ("lists.actions", "Actions", frozenset({"staff", "psc", "admin", "focal_point", "expert"})),
    (
        "lists.activities",
        "Activities",
        frozenset({"staff", "psc", "admin", "focal_point", "expert"}),
    ),
    ("dashboard.index", "Figures", frozenset({"staff", "psc", "admin"})),
    ("library.index", "Library", frozenset()),
    ("experts.index", "Experts", frozenset({"staff", "psc", "admin", "expert", "focal_point"})),
    ("admin.users", "Users", frozenset({"admin"})),
    ("admin.settings", "Settings", frozenset({"admin"})),
    ("admin.reference", "Reference data", frozenset({"admin"})),
    ("admin.outbox", "Outbox", frozenset({"admin"})),
    ("admin.audit", "Audit trail", frozenset({"admin"})),
]

ERRORS = {
    400: ("This form could not be accepted", "Nothing was saved. Reload the page, then try again."),
    403: (
        "You may not use this page",
        "Your roles do not give access to it. Ask an administrator if you need it.",
    ),
    404: (
        "Page not found",
        "It does not exist, or you may not see it. Check the address, or go "
        "back to your home page.",
    ),
    422: (
        "This could not be read",
        "Nothing was changed. Correct what is said above, then try again.",
    ),
    409: (
        "Someone else changed this",
        "Nothing was saved. Reload the page to see it as it is now, then try again.",
    ),
    500: (
        "Something went wrong",
        "Nothing was saved. Try again in a moment; if it happens again, "
        "tell an administrator the time it happened.",
    ),
}


def navigation() -> list[tuple[str, str]]:
    """The header's links for the signed-in user."""
    if not current_user.is_authenticated:
        return []
    return [
        (e, _(label)) for e, label, roles in NAVIGATION if not roles or current_user.has(*roles)
    ]


def uow() -> UnitOfWork:
    """A unit of work of this application (one per use: each is one transaction)."""
    from webui import services

    return services(current_app).uow()


def unread() -> int:
    """The signed-in user's unread notifications (the header's count), read with the
    session's user at the start of the request (no query of its own)."""
    if not current_user.is_authenticated:
        return 0
    count: int = current_user.user.unread
    return count


def render(template: str, **context: Any) -> str:
    """Render a page; `title` becomes the <title> and the page's heading."""
    return render_template(template, navigation=navigation(), unread=unread(), **context)


def error_page(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    heading, advice = ERRORS.get(code, (error.name, error.description or ""))
    # e.g. "The CSRF token is missing.", or what a filter's value lacks.
    detail = error.description if code in (400, 422) else None
    # No database read here (not even the header's count): an error page must always show.
    page = render_template(
        "error.html",
        navigation=navigation(),
        unread=0,
        title=_(heading),
        advice=_(advice),
        detail=detail,
        code=code,
    )
    return page, code


PLURAL = {"request": "requests", "action": "actions", "activity": "activities"}


def object_url(kind: str, object_id: int) -> str:
    """The page of a Request, Action or Activity (a jinja global)."""
    return url_for("objects.show", plural=PLURAL[kind], object_id=object_id)


def role_refused(reasons: list[Any]) -> bool:
    """True when a transition is refused only for the user's role or link (jinja test)."""
    return bool(reasons) and all(r.code in ("role_not_allowed", "not_linked") for r in reasons)


def refused_page(error: WorkflowError) -> tuple[str, int]:
    """The workflow's NotFound and Forbidden on a page: the 404 and 403 pages (the API has
    its own handler, which answers first for its routes)."""
    return error_page(http.Forbidden() if isinstance(error, Forbidden) else http.NotFound())


def unreadable_page(error: ValidationFailed) -> tuple[str, int]:
    """Bad input that no form caught (a page's filters): the 422 page, saying what is wrong."""
    said = [r.message for r in error.reasons if r.message] or [error.message]
    return error_page(http.UnprocessableEntity(description=" ".join(said)))


def init(app: Flask) -> None:
    app.register_error_handler(ValidationFailed, unreadable_page)
    app.register_error_handler(NotFound, refused_page)
    app.register_error_handler(Forbidden, refused_page)
    app.jinja_env.tests["role_refused"] = role_refused
    app.jinja_env.globals["object_url"] = object_url
    app.jinja_env.filters["dict_merge"] = lambda a, b: {**a, **b}
    for code in ERRORS:
        app.register_error_handler(code, error_page)
