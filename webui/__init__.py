"""The web application: the composition root builds the engine, sessions and clock here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_session_factory
from db.migrate import upgrade_if_needed
from webui.config import Config
from workflow.services import Clock, FileStore, FolderStore, SystemClock, UnitOfWork, invalid


@dataclass
class Services:
    """What the views and commands need, built once per application."""

    engine: sa.Engine
    session_factory: sessionmaker[Session]
    clock: Clock
    store: FileStore

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.clock)


class NoUploads:
    """The file store when no upload folder is set (a server database without
    MIEUX_UPLOAD_DIR): every upload and download is refused with what to set."""

    def _refuse(self, *_: Any) -> Any:
        raise invalid("file", "Uploads are off: set MIEUX_UPLOAD_DIR, the folder for the files.")

    put = get = delete = _refuse


def create_app(config: Any = None, clock: Clock | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config = config or Config()
    app.config.from_object(config)
    engine = make_engine(app.config["DATABASE_URL"])
    upgrade_if_needed(engine)
    folder = app.config["UPLOAD_DIR"]
    store: FileStore = FolderStore(folder) if folder is not None else NoUploads()
    factory = make_session_factory(engine)
    app.extensions["mieux"] = Services(engine, factory, clock or SystemClock(), store)
    _pages(app)
    from webui import api

    api.register(app)  # after CSRFProtect, if any: the API is exempted from it
    return app


def _pages(app: Flask) -> None:
    """The browser's side: sessions, CSRF on every form, headers, error pages, blueprints."""
    from flask_babel import Babel
    from flask_wtf.csrf import CSRFProtect

    from webui import (
        admin,
        auth,
        calendar,
        cv,
        dashboard,
        editing,
        experts,
        faults,
        finder,
        home,
        library,
        links,
        lists,
        notices,
        objects,
        pages,
        preferences,
        psc,
        requests_new,
        security,
    )

    Babel(app)  # English only for now: every string already goes through gettext
    CSRFProtect(app)
    security.init(app)
    pages.init(app)  # before the API's handlers, which keep JSON under /api/
    faults.init(app)
    auth.init(app)
    app.register_blueprint(home.bp)
    app.register_blueprint(objects.bp)
    app.register_blueprint(psc.bp)
    app.register_blueprint(lists.bp)
    app.register_blueprint(requests_new.bp)
    app.register_blueprint(editing.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(experts.bp)
    app.register_blueprint(finder.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(notices.bp)
    app.register_blueprint(admin.account_bp)
    app.register_blueprint(links.bp)
    app.register_blueprint(library.bp)
    app.register_blueprint(cv.bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(preferences.bp)
    app.add_url_rule("/health", "health", lambda: {"status": "ok"})


def services(app: Flask) -> Services:
    found: Services = app.extensions["mieux"]
    return found
