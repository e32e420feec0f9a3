"""Signing in and out of the web UI (Flask-Login sessions; API tokens never open a page)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import SignedIn, Throttled, authenticate, log_out_everywhere, signed_in

bp = Blueprint("auth", __name__)
# Endpoints a visitor may reach without a session (the API authenticates by token, the
# calendar feed by its secret link, the password pages by their one-time link).
OPEN_ENDPOINTS = {
    "auth.login",
    "static",
    "health",
    "calendar.feed",
    "links.forgot",
    "links.set_password",
}


class WebUser(UserMixin):  # type: ignore[misc]
    """Flask-Login's user: the signed-in user's id, name and roles."""

    def __init__(self, user: SignedIn) -> None:
        self.user = user
        self.id = user.id
        self.name = user.full_name
        self.roles = user.roles

    def has(self, *roles: str) -> bool:
        return self.user.has(*roles)

    def get_id(self) -> str:
        """What the session keeps: the user and the generation it began in."""
        return f"{self.user.id}:{self.user.generation}"


class LoginForm(FlaskForm):  # type: ignore[misc]
    username = StringField(_("Username"), validators=[InputRequired(_("Enter your username"))])
    password = PasswordField(_("Password"), validators=[InputRequired(_("Enter your password"))])


def _load(session_id: str) -> WebUser | None:
    """The session's user, if the session is of the user's current generation."""
    user_id, _sep, generation = session_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None  # a session from before generations: log in again
    found = signed_in(_uow(), int(user_id), int(generation))
    return WebUser(found) if found else None


def start_session(user: SignedIn) -> None:
    """A new session for a login: nothing from before it is kept (no session fixation)."""
    session.clear()
    login_user(WebUser(user))


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send a user elsewhere after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse | tuple[str, int]:
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(
                _uow(), form.username.data or "", form.password.data or "", _address()
            )
        except Throttled as error:
            when = error.retry_at.strftime("%H:%M UTC")
            form.password.errors = [
                _("Too many failed logins: try again after %(when)s.", when=when)
            ]
            status = 429
        else:
            if user is not None:
                start_session(user)
                return redirect(_safe_next(request.args.get("next")))
            form.password.errors = [_("Wrong username or password.")]
    page = render("login.html", title=_("Log in"), form=form)
    return (page, status) if status != 200 else page


def _address() -> str:
    """The client's address, as the WSGI server saw it (behind a proxy: see docs/security.md)."""
    return request.remote_addr or ""


@bp.post("/logout")
def logout() -> BaseResponse:
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.post("/account/logout-everywhere")
def logout_everywhere() -> BaseResponse:
    """End every session of this user, on every device, this one too."""
    log_out_everywhere(_uow(), current_user.id)
    logout_user()
    session.clear()
    flash(_("You are logged out on every device."), "success")
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
