"""The engine and session factory, with the SQLite settings the rules rely on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker


def instance_folder() -> Path:
    """MIEUX_INSTANCE_DIR, else instance/ in the current folder: where the default SQLite
    database is, and where a development key is kept when the database is not a file."""
    return Path(os.environ.get("MIEUX_INSTANCE_DIR") or "instance")


def database_url() -> str:
    """The database named by MIEUX_DATABASE_URL, else mieux.sqlite3 in the instance folder."""
    url = os.environ.get("MIEUX_DATABASE_URL")
    if url:
        return url
    folder = instance_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'mieux.sqlite3'}"


def make_engine(url: str, **kwargs: Any) -> sa.Engine:
    # pool_pre_ping: a connection the server dropped (a restart, a failover) is replaced
    # before use, so the service resumes by itself once the database is back.
    kwargs.setdefault("pool_pre_ping", True)
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    elif engine.dialect.driver == "psycopg":
        _keep_long_statements_converted()
    return engine


# psycopg converts each statement's placeholders with a regular expression, and keeps the
# result (an LRU of 128) only for statements of at most 4,096 characters and 50
# parameters: its guard against ORMs' ad-hoc multi-row VALUES, which would fill the cache
# with statements never seen again. A fire's write on PostgreSQL is one statement of 5,000
# to 7,000 characters and up to 70 parameters (workflow/engine/write.py), built once and
# sent at every fire of its transition: converted again each time, it cost 0.16-0.24 ms of
# the fire (measured with psycopg alone). Our statements are a bounded set, built once
# each, and none of them is a multi-row VALUES (`bound_rows`): they may be kept.
LONG_STATEMENT = 16_384
MANY_PARAMETERS = 200


def _keep_long_statements_converted() -> None:
    from psycopg import _queries  # a module of psycopg's own: checked by a test

    if getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", LONG_STATEMENT) < LONG_STATEMENT:
        _queries.MAX_CACHED_STATEMENT_LENGTH = LONG_STATEMENT
    if getattr(_queries, "MAX_CACHED_STATEMENT_PARAMS", MANY_PARAMETERS) < MANY_PARAMETERS:
        _queries.MAX_CACHED_STATEMENT_PARAMS = MANY_PARAMETERS


def _configure_sqlite(engine: sa.Engine) -> None:
    # pysqlite's own transaction handling would defer BEGIN and could not make
    # it IMMEDIATE; we take it over so a write transaction holds the write lock
    # from its first statement (two fires cannot both read the old state).
    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection: sa.Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


def make_session_factory(engine: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
