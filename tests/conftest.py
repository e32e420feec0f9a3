"""Fixtures: a migrated database per test, on SQLite and on PostgreSQL.

Migrations run once per session into a template (a SQLite file, a PostgreSQL
template database); each test gets a copy, so tests are independent and fast.
PostgreSQL comes from MIEUX_TEST_DATABASE_URL (scripts/run-tests starts one);
without it those tests skip, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from notifications.mail import SmtpMailer
from tests.smtp import SmtpServer, free_port, smtp_settings
from tests.support import Scenario
from workflow.engine.clock import FixedClock
from workflow.engine.unit_of_work import UnitOfWork

PG_URL = os.environ.get("MIEUX_TEST_DATABASE_URL")
IN_CI = os.environ.get("CI") == "true"
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
# argon2id still, at its smallest cost: a test hash verifies and upgrades like a real one.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def postgres_url_or_skip() -> str:
    if PG_URL:
        return PG_URL
    message = "PostgreSQL is not available: set MIEUX_TEST_DATABASE_URL (scripts/run-tests does)"
    if IN_CI:
        pytest.fail(message + " -- under CI=true this is a failure")
    pytest.skip(message)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    admin = make_engine(postgres_url_or_skip(), isolation_level="AUTOCOMMIT")
    name = f"mieux_template_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    upgrade(admin.url.set(database=name).render_as_string(hide_password=False))
    yield name
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def fresh_postgres(template: str) -> Iterator[str]:
    admin = make_engine(postgres_url_or_skip(), isolation_level="AUTOCOMMIT")
    name = f"mieux_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database of each kind."""
    if request.param == "sqlite":
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), copy)
        yield f"sqlite:///{copy}"
    else:
        yield from fresh_postgres(request.getfixturevalue("postgres_template"))


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A freshly migrated PostgreSQL database (tests that need several real connections)."""
    yield from fresh_postgres(request.getfixturevalue("postgres_template"))


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: sa.Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def uow_factory(
    session_factory: sessionmaker[Session], clock: FixedClock
) -> Callable[[], UnitOfWork]:
    return lambda: UnitOfWork(session_factory, clock)


@pytest.fixture
def world(uow_factory: Callable[[], UnitOfWork], clock: FixedClock) -> Scenario:
    """Users of every role and helpers to build Requests, Actions and Activities."""
    return Scenario(uow_factory, clock)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id costs ~50-300 ms a user; tests create many users and do not test the hash."""
    monkeypatch.setattr("workflow.admin.passwords.HASHER", CHEAP_HASHER)


@pytest.fixture
def api_app(db_url: str, clock: FixedClock) -> Iterator[object]:
    """The web application on the test's database, its clock the test's clock."""
    from webui import create_app, services
    from webui.config import TestConfig

    app = create_app(TestConfig(db_url), clock=clock)
    yield app
    services(app).engine.dispose()
    shutil.rmtree(app.config["UPLOAD_DIR"], ignore_errors=True)  # the files tests uploaded


@pytest.fixture
def api(api_app: object, world: Scenario) -> object:
    """A JSON client of the API (tests/e2e/api_client.py) acting as any user of the `world`."""
    from tests.e2e.api_client import ApiClient

    return ApiClient(api_app, world)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free localhost port, for the test's e-mails."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailer(smtp: SmtpServer) -> SmtpMailer:
    """The application's mailer, writing to the test's SMTP server."""
    return SmtpMailer(smtp_settings(smtp.port))


@pytest.fixture(autouse=True)
def nothing_kept_from_another_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test's database is a copy of one template, so their cache stamps are the same:
    what a process keeps while a stamp holds (the settings, the reference data) would carry
    one test's rows into the next test run by the same worker. Each test starts without."""
    monkeypatch.setattr("workflow.read.choices._kept", None)
    monkeypatch.setattr("workflow.admin.settings._cached", None)
