"""Pages anyone may open without a session: "forgot my password", and the one-time link
that sets a password (from an invitation or a reset e-mail).

The forgot page answers the same whatever the address, so it tells no one who
has an account. The link's page says clearly when a link is used, replaced or
expired, and where to get a new one.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import (
    MIN_PASSWORD_LENGTH,
    LinkState,
    WorkflowError,
    check_link,
    request_reset,
    set_password_by_link,
)

bp = Blueprint("links", __name__)
LINK = "/account/set-password/<string(maxlength=100):token>"


@bp.route("/account/forgot", methods=["GET", "POST"])
def forgot() -> str | Response | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        email = request.form.get("email", "").strip()
        if not email:
            errors = {"email": [_("Enter your e-mail address")]}
        else:
            request_reset(_uow(), email)
            flash(
                _(
                    "If an account has the address %(email)s, an e-mail with a link to set "
                    "a new password is on its way to it. The link works once, for a "
                    "short time.",
                    email=email,
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
    page = render("forgot.html", title=_("Forgot your password?"), errors=errors)
    return (page, 422) if errors else page


@bp.route(LINK, methods=["GET", "POST"])
def set_password(token: str) -> str | Response | tuple[str, int]:
    checked = check_link(_uow(), token)
    if checked.state is not LinkState.VALID:
        page = render("link_refused.html", title=_(TITLES[checked.state]), state=checked.state)
        return page, 410 if checked.state is not LinkState.UNKNOWN else 404
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form
        if form.get("new_password") != form.get("confirm_password"):
            errors = {"confirm_password": [_("The two passwords are not the same.")]}
        else:
            try:
                username = set_password_by_link(_uow(), token, form.get("new_password", ""))
            except WorkflowError as error:
                errors = {"new_password": [r.message for r in error.reasons] or [error.message]}
            else:
                if current_user.is_authenticated:
                    logout_user()  # whoever was signed in here, the new password is theirs now
                flash(_("Your password is set: log in as %(name)s.", name=username), "success")
                return redirect(url_for("auth.login"))
    page = render(
        "set_password.html",
        title=_("Choose your password")
        if checked.purpose == "invitation"
        else _("Set a new password"),
        username=checked.username,
        minimum=MIN_PASSWORD_LENGTH,
        errors=errors,
    )
    return (page, 422) if errors else page


TITLES = {
    LinkState.USED: "This link has already been used",
    LinkState.EXPIRED: "This link has expired",
    LinkState.UNKNOWN: "This link is not valid",
}
