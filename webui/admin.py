"""The admin's pages: users (add, roles, deactivate, reset a password), settings with their
meaning and unit, the partner countries; and everyone's own password.

The workflow checks every change (roles, bounds, lifecycle rules); a refusal is shown
word for word next to the form that caused it.
"""

from __future__ import annotations

import os

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug import exceptions as http
from werkzeug.wrappers import Response

from webui.auth import start_session
from webui.pages import error_page, render
from webui.pages import uow as _uow
from workflow.services import (
    ValidationFailed,
    WorkflowError,
    account,
    accounts,
    add_user,
    audit_page,
    change_password,
    choices,
    deactivate_user,
    outbox_rows,
    partner_table,
    reset_password,
    retry,
    set_partner_country,
    set_roles,
    settings_table,
    update_setting,
)

bp = Blueprint("admin", __name__)
ROLES = [
    ("staff", "Programme staff"),
    ("psc", "PSC member"),
    ("focal_point", "Focal point"),
    ("expert", "Expert"),
    ("admin", "Administrator"),
]
USER = "<int(max=2147483647):user_id>"


@bp.before_request
def admins_only() -> tuple[str, int] | None:
    return None if current_user.has("admin") else error_page(http.Forbidden())


def _refused(error: WorkflowError) -> dict[str, list[str]]:
    """The refusal's reasons by field (the first part of each reason's code)."""
    found: dict[str, list[str]] = {}
    for reason in error.reasons or []:
        found.setdefault(reason.code.split(".")[0], []).append(reason.message)
    return found or {"": [error.message]}


@bp.route("/admin/users", methods=["GET", "POST"])
def users() -> str | Response | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form
        try:
            added = add_user(
                _uow(),
                form.get("username", "").strip(),
                form.getlist("roles"),
                form.get("password") or None,  # none: an invitation by e-mail
                form.get("email", "").strip() or None,
                form.get("full_name", "").strip(),
                by=current_user.id,
            )
        except WorkflowError as error:
            errors = _refused(error)
        else:
            flash(_added_message(added.username, bool(form.get("password"))), "success")
            return redirect(url_for("admin.users"))
    page = render(
        "admin_users.html",
        title=_("Users"),
        people=accounts(_uow(), current_user.id),
        roles=ROLES,
        errors=errors,
    )
    return (page, 422) if errors else page


def _added_message(username: str, with_password: bool) -> str:
    if with_password:
        return _("%(name)s can now log in.", name=username)
    return _(
        "%(name)s is invited: an e-mail with a link to choose a password is on its way.",
        name=username,
    )


@bp.route("/admin/audit")
def audit() -> str:
    """The audit trail of admin actions, newest first, a page at a time."""
    number = request.args.get("page", "1")
    found = audit_page(_uow(), current_user.id, int(number) if number.isdigit() else 1)
    return render("admin_audit.html", title=_("Audit trail"), trail=found)


@bp.route(f"/admin/users/{USER}", methods=["GET", "POST"])
def user(user_id: int) -> str | Response | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            done = _change_user(user_id, request.form.get("change", ""))
        except WorkflowError as error:
            errors = _refused(error)
        else:
            flash(done, "success")
            return redirect(url_for("admin.user", user_id=user_id))
    try:
        person = account(_uow(), current_user.id, user_id)
    except ValidationFailed:
        return error_page(http.NotFound())
    page = render(
        "admin_user.html",
        title=person.full_name or person.username,
        person=person,
        roles=ROLES,
        errors=errors,
    )
    return (page, 422) if errors else page


def _change_user(user_id: int, change: str) -> str:
    """Apply one of the user page's forms; the flash message that says what was done."""
    form = request.form
    if change == "roles":
        set_roles(_uow(), current_user.id, user_id, form.getlist("roles"))
        return _("The roles are saved.")
    if change == "password":
        reset_password(_uow(), current_user.id, user_id, form.get("password", ""))
        return _("The new password is set: give it to the user by another channel.")
    if change == "deactivate":
        decided = deactivate_user(_uow(), current_user.id, user_id)
        more = _(" %(n)d PSC round(s) were decided again.", n=len(decided)) if decided else ""
        return _("The user is deactivated.") + more
    raise ValidationFailed(_("Unknown change."))


@bp.route("/admin/settings", methods=["GET", "POST"])
def settings() -> str | Response | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        key = request.form.get("key", "")
        try:
            update_setting(_uow(), current_user.id, key, _typed(key, request.form.get("value")))
        except WorkflowError as error:
            errors = {key: [r.message for r in error.reasons] or [error.message]}
        else:
            flash(_("The setting %(key)s is saved.", key=key), "success")
            return redirect(url_for("admin.settings"))
    rows = settings_table(_uow(), current_user.id)
    page = render("admin_settings.html", title=_("Settings"), rows=rows, errors=errors)
    return (page, 422) if errors else page


def _typed(key: str, raw: str | None) -> object:
    """The form's text as the setting's type: whole numbers, yes/no, or text (empty: unset)."""
    text = (raw or "").strip()
    if key == "silence_procedure":
        return {"yes": True, "no": False}.get(text.lower(), text)
    if text.lstrip("-").isdigit():
        return int(text)
    return text or None


@bp.route("/admin/reference", methods=["GET", "POST"])
def reference() -> str | Response | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form
        try:
            set_partner_country(
                _uow(),
                current_user.id,
                form.get("country", ""),
                form.get("region", ""),
                form.getlist("instruments"),
            )
        except WorkflowError as error:
            errors = _refused(error)
        else:
            flash(_("The partner country is saved."), "success")
            return redirect(url_for("admin.reference"))
    page = render(
        "admin_reference.html",
        title=_("Reference data"),
        partners=partner_table(_uow()),
        known=choices(_uow()),
        errors=errors,
    )
    return (page, 422) if errors else page


@bp.route("/admin/outbox", methods=["GET", "POST"])
def outbox() -> str | Response | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        number = request.form.get("message", "")
        try:
            retry(_uow(), current_user.id, int(number) if number.isdigit() else 0)
        except WorkflowError as error:
            errors = _refused(error)
        else:
            flash(_("The message will be sent at the next delivery pass."), "success")
            return redirect(url_for("admin.outbox"))
    rows, waiting = outbox_rows(_uow(), current_user.id)
    page = render(
        "admin_outbox.html",
        title=_("Outbox"),
        rows=rows,
        waiting=waiting,
        mail_host=bool(os.environ.get("MIEUX_SMTP_HOST")),
        errors=errors,
    )
    return (page, 422) if errors else page


account_bp = Blueprint("account", __name__)


@account_bp.route("/account/password", methods=["GET", "POST"])
def password() -> str | Response | tuple[str, int]:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form
        if form.get("new_password") != form.get("confirm_password"):
            errors = {"confirm_password": [_("The two new passwords are not the same.")]}
        else:
            try:
                renewed = change_password(
                    _uow(),
                    current_user.id,
                    form.get("current_password", ""),
                    form.get("new_password", ""),
                )
            except WorkflowError as error:
                errors = _refused(error)
                errors["new_password"] = errors.pop("password", [])
            else:
                start_session(renewed)  # the other sessions ended with the old password
                flash(_("Your password is changed."), "success")
                return redirect(url_for("home.index"))
    page = render("account_password.html", title=_("Change your password"), errors=errors)
    return (page, 422) if errors else page
