"""Faults outside the command's control (configuration, database, network) as one clear
line and exit code 1, never a traceback: the person running it can act on the line."""

from __future__ import annotations

from typing import Any

import click
import sqlalchemy as sa
from flask import Flask

from webui.config import ConfigError


def database_problem(error: sa.exc.SQLAlchemyError, url: str | None = None) -> str:
    """One line saying what went wrong with the database, from SQLAlchemy's error."""
    where = f" {_hidden(url)}" if url else ""
    if isinstance(error, sa.exc.NoSuchModuleError):  # before its base class, ArgumentError
        return f"MIEUX_DATABASE_URL names a kind of database this program cannot use:{where}"
    if isinstance(error, sa.exc.ArgumentError):
        return f"MIEUX_DATABASE_URL is not a database URL:{where}"
    if isinstance(error, sa.exc.DBAPIError):
        cause = first_line(error.orig) if error.orig is not None else first_line(error)
        return f"The database{where} cannot be used: {cause}"
    return f"The database{where} cannot be used: {first_line(error)}"


def first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _hidden(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return repr(url)


def build_app() -> Flask:
    """The application from the environment (MIEUX_*), or one clear line and exit 1."""
    from webui import create_app
    from webui.config import Config

    try:
        config = Config()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    try:
        return create_app(config)
    except sa.exc.SQLAlchemyError as error:
        raise click.ClickException(database_problem(error, config.DATABASE_URL)) from None


class FaultsAsLines(click.Group):
    """A command group whose commands end a database fault with one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except sa.exc.SQLAlchemyError as error:
            raise click.ClickException(database_problem(error)) from None
