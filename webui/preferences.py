"""The signed-in user's own notice preferences: e-mail on or off, single e-mails or one
daily digest. In-app notices are always kept, so the page says so rather than offering it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import my_preferences, set_preferences

bp = Blueprint("preferences", __name__)
CHOICES = {"email": ("on", "off"), "delivery": ("single", "digest")}


@bp.route("/account/notifications", methods=["GET", "POST"])
def edit() -> str | Response | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form
        for name, allowed in CHOICES.items():
            if form.get(name) not in allowed:
                errors[name] = [_("Choose one of the options.")]
        if not errors:
            email, digest = form["email"] == "on", form["delivery"] == "digest"
            set_preferences(_uow(), current_user.id, email, digest)
            flash(_("Your notification settings are saved."), "success")
            return redirect(url_for("preferences.edit"))
    chosen = my_preferences(_uow(), current_user.id)
    page = render(
        "account_notifications.html",
        title=_("Notification settings"),
        chosen=chosen,
        errors=errors,
    )
    return (page, 422) if errors else page
