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
from workflow.services import Clock, SystemClock, UnitOfWork


@dataclass
class Services:
    """What the views and commands need, built once per application."""

    engine: sa.Engine
    session_factory: sessionmaker[Session]
    clock: Clock

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.clock)


def create_app(config: Any = None, clock: Clock | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config = config or Config()
    app.config.from_object(config)
    engine = make_engine(app.config["DATABASE_URL"])
    upgrade_if_needed(engine)
    app.extensions["mieux"] = Services(engine, make_session_factory(engine), clock or SystemClock())
    from webui import home

    app.register_blueprint(home.bp)
    from webui import api

    api.register(app)  # after CSRFProtect, if any: the API is exempted from it
    return app


def services(app: Flask) -> Services:
    found: Services = app.extensions["mieux"]
    return found
