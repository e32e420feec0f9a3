"""Signing in and out of the web UI (Flask-Login sessions; API tokens never open a page)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import SignedIn, authenticate, signed_in

bp = Blueprint("auth", __name__)
# Endpoints a visitor may reach without a session (the API authenticates by token, the
# calendar feed by its secret link).
OPEN_ENDPOINTS = {"auth.login", "static", "health", "calendar.feed"}


class WebUser(UserMixin):  # type: ignore[misc]
    """Flask-Login's user: the signed-in user's id, name and roles."""

    def __init__(self, user: SignedIn) -> None:
        self.user = user
        self.id = user.id
        self.name = user.full_name
        self.roles = user.roles

    def has(self, *roles: str) -> bool:
        return self.user.has(*roles)


class LoginForm(FlaskForm):  # type: ignore[misc]
    username = StringField(_("Username"), validators=[InputRequired(_("Enter your username"))])
    password = PasswordField(_("Password"), validators=[InputRequired(_("Enter your password"))])


def _load(user_id: str) -> WebUser | None:
    found = signed_in(_uow(), int(user_id)) if user_id.isdigit() else None
    return WebUser(found) if found else None


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send a user elsewhere after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse:
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(_uow(), form.username.data or "", form.password.data or "")
        if user is not None:
            login_user(WebUser(user))
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [_("Wrong username or password.")]
    return render("login.html", title=_("Log in"), form=form)


@bp.post("/logout")
def logout() -> BaseResponse:
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))


def require_session() -> Response | None:
    """Before every page: an anonymous visitor goes to /login and comes back after it."""
    endpoint = request.endpoint or ""
    # The API authenticates by token and answers its own 401 and 404 (no route) in JSON.
    if endpoint in OPEN_ENDPOINTS or request.path.startswith("/api/"):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))  # type: ignore[return-value]
    return None


def init(app: Flask) -> None:
    manager = LoginManager(app)
    manager.user_loader(_load)
    manager.session_protection = "strong"
    app.before_request(require_session)
    app.register_blueprint(bp)
