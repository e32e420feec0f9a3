"""The `mieux` command: a Flask CLI group; every command migrates its database first."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from webui import create_app, services
from webui.config import MissingSecretKey
from workflow.services import WorkflowError


def _app_factory() -> Any:
    try:
        return create_app()
    except MissingSecretKey as error:  # one clear line, not a traceback
        raise click.ClickException(str(error)) from None


@click.group(
    cls=FlaskGroup,
    create_app=_app_factory,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
def cli() -> None:
    """MIEUX Workflow: Requests, Actions and Activities as guarded lifecycles."""


def refusals_as_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """A refusal of the workflow ends the command with its message and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WorkflowError as error:
            raise click.ClickException(str(error)) from None

    return wrapper


@cli.command("init-db")
@with_appcontext
def init_db() -> None:
    """Migrate the database to the newest schema (reference data and settings included)."""
    engine = services(current_app).engine
    click.echo(
        f"Database {engine.url.render_as_string(hide_password=True)} is at the newest schema."
    )


@cli.command("demo")
@click.option(
    "--full", is_flag=True, help="Also the report's ten years (2009-2019): about a minute."
)
@with_appcontext
@refusals_as_errors
def demo(full: bool) -> None:
    """Load the demo data set drawn from the report's case studies (idempotent)."""
    from mieux.demo.full import load_full
    from mieux.demo.loader import DEMO_PASSWORD, load_demo

    mieux = services(current_app)
    load = load_full if full else load_demo
    summary = load(mieux.session_factory, mieux.clock.now())
    click.echo(summary.describe())
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    width = max(len(username) for username, _ in summary.logins)
    for username, roles in summary.logins:
        click.echo(f"  {username:<{width}}  {', '.join(roles)}")


@cli.group("user")
def user() -> None:
    """Manage users."""


@user.command("add")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, help="Repeat for several roles.")
@click.option("--email", default=None)
@click.option("--full-name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@refusals_as_errors
def user_add(
    username: str, roles: tuple[str, ...], email: str | None, full_name: str, password_stdin: bool
) -> None:
    """Add a user with one or more roles (prompts for the password)."""
    from workflow.services import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    added = add_user(services(current_app).uow(), username, list(roles), password, email, full_name)
    click.echo(f"Added user {added.username} (id {added.id}) with roles {', '.join(roles)}.")


@cli.group("token")
def token() -> None:
    """Manage API tokens (stored hashed; expiry is the setting token_expiry_days)."""


@token.command("create")
@click.argument("username")
@with_appcontext
@refusals_as_errors
def token_create(username: str) -> None:
    """Print a new API token for USERNAME (shown once: only its hash is kept)."""
    from workflow.services import issue_for_username

    token_, expires = issue_for_username(services(current_app).uow(), username)
    click.echo(token_)
    click.echo(f"Token for {username}, valid until {expires.isoformat()}.", err=True)


@token.command("revoke")
@click.argument("username")
@with_appcontext
@refusals_as_errors
def token_revoke(username: str) -> None:
    """Revoke every API token of USERNAME."""
    from workflow.services import revoke_all

    count = revoke_all(services(current_app).uow(), username)
    click.echo(f"Revoked {count} token(s) of {username}.")


@cli.command("check-deadlines")
@click.option(
    "--now", "now_text", required=True, help="The scan's time, ISO 8601 (UTC if no zone)."
)
@click.option("--dry-run", is_flag=True, help="Only print the reminders due.")
@with_appcontext
@refusals_as_errors
def check_deadlines(now_text: str, dry_run: bool) -> None:
    """Run one deadline scan at --now and print each reminder due, one line each."""
    import datetime as dt

    from workflow.services import FixedClock, UnitOfWork, enqueue, scan

    try:
        now = dt.datetime.fromisoformat(now_text)
    except ValueError:
        raise click.BadParameter(
            f"not an ISO date-time: {now_text!r}", param_hint="--now"
        ) from None
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    uow = UnitOfWork(services(current_app).session_factory, FixedClock(now))
    found = scan(uow)
    for due in found:
        recipient = (
            f"user:{due.recipient_user_id}" if due.recipient_user_id else due.recipient_email
        )
        click.echo(f"{due.rule}\t{due.object_kind}:{due.object_id}\t{recipient}\t{due.occurrence}")
    added = 0 if dry_run else enqueue(uow, found)
    written = " (dry run: nothing written)" if dry_run else f"; {added} new in the outbox"
    click.echo(f"{len(found)} reminder(s) due at {now.isoformat()}{written}.", err=True)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-scheduler", is_flag=True, help="Run the web workers only.")
@with_appcontext
def serve(host: str, port: int, no_scheduler: bool) -> None:
    """Serve the web application with waitress, the scheduler embedded unless --no-scheduler."""
    from waitress import serve as waitress_serve

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    scheduler = None
    if not no_scheduler:
        from notifications.scheduler import start_scheduler

        scheduler = start_scheduler(services(app).uow, _mailer())
        click.echo("Scheduler started (deadline scans, outbox delivery).")
    click.echo(f"Serving MIEUX Workflow on http://{host}:{port}/")
    try:
        waitress_serve(app, host=host, port=port, threads=8)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def _mailer() -> Any:
    """The SMTP mailer from MIEUX_SMTP_*, or None (then the e-mails wait in the outbox)."""
    from notifications.mail import mailer_from_env

    try:
        return mailer_from_env()
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def _instant(text: str) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not an ISO date-time", param_hint="--now") from None
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


@cli.command("scheduler")
@click.option("--once", is_flag=True, help="One reminder scan and one delivery pass, then exit.")
@click.option("--now", "now_text", default=None, help="With --once: the time to act at (ISO).")
@with_appcontext
@refusals_as_errors
def scheduler(once: bool, now_text: str | None) -> None:
    """Run the scheduler on its own (blocking), or one pass with --once."""
    from notifications.scheduler import add_jobs, deliver, scan_psc_deadlines, scan_reminders
    from workflow.services import FixedClock, UnitOfWork

    mieux = services(current_app)
    send = _mailer()
    if send is None:
        click.echo("No MIEUX_SMTP_HOST: e-mails wait in the outbox.")
    if not once:
        if now_text:
            raise click.UsageError("--now goes with --once (the scheduler runs on the clock).")
        from apscheduler.schedulers.blocking import BlockingScheduler

        click.echo("Scheduler running (deadline scans, outbox delivery); Ctrl+C stops.")
        try:
            add_jobs(BlockingScheduler(timezone="UTC"), mieux.uow, send).start()
        except (KeyboardInterrupt, SystemExit):
            click.echo("Scheduler stopped.")
        return
    clock = FixedClock(_instant(now_text)) if now_text else mieux.clock

    def uow() -> UnitOfWork:
        return UnitOfWork(mieux.session_factory, clock)

    scan_psc_deadlines(uow)  # the silence procedure, at the same --now as the rest
    click.echo(f"Scan: {scan_reminders(uow)} new reminder(s) in the outbox.")
    done = deliver(uow, send, clock.now())
    summary = ", ".join(f"{count} {status}" for status, count in sorted(done.items()))
    click.echo(f"Delivery at {clock.now().isoformat()}: {summary or 'nothing sent'}.")


def main() -> None:
    cli()
