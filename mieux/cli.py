"""The `mieux` command: a Flask CLI group; every command migrates its database first."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext

from mieux.faults import FaultsAsLines, build_app
from webui import services
from workflow.services import WorkflowError


@click.group(cls=FaultsAsLines)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """MIEUX Workflow: Requests, Actions and Activities as guarded lifecycles."""
    # A plain click group, not Flask's: `--help` builds no application (it wrote a database
    # and a key into the current folder) and shows no Flask option that does not apply.
    # Each command builds the application when it runs (`with_appcontext`), from MIEUX_*.
    if ctx.obj is None:  # a test's runner may bring its own application
        ctx.obj = ScriptInfo(create_app=build_app, set_debug_flag=False)


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
    "--full", is_flag=True, help="Also the report's ten years (2009-2019): under a minute (SQLite)."
)
@with_appcontext
def demo(full: bool) -> None:
    """Load the demo data set drawn from the report's case studies (idempotent; all or
    nothing: when it fails, nothing it created remains)."""
    from mieux.demo.full import load_full
    from mieux.demo.loader import DEMO_PASSWORD, load_demo, load_demo_whole
    from mieux.demo.shape import DemoDataError

    mieux = services(current_app)
    load = load_full if full else load_demo
    try:
        summary = load_demo_whole(mieux.engine, mieux.clock.now(), load)
    except (DemoDataError, WorkflowError) as error:
        raise click.ClickException(f"Nothing was loaded: {error}") from None
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
@click.option(
    "--once", is_flag=True, help="One reminder scan, delivery pass and folding of the counts; exit."
)
@click.option("--now", "now_text", default=None, help="With --once: the time to act at (ISO).")
@with_appcontext
@refusals_as_errors
def scheduler(once: bool, now_text: str | None) -> None:
    """Run the scheduler on its own (blocking), or one pass with --once."""
    from notifications.scheduler import (
        add_jobs,
        deliver,
        fold_counts,
        scan_psc_deadlines,
        scan_reminders,
    )
    from workflow.services import FixedClock, UnitOfWork

    mieux = services(current_app)
    send = _mailer()
    if send is None:
        click.echo("No MIEUX_SMTP_HOST: e-mails wait in the outbox.")
    if not once:
        if now_text:
            raise click.UsageError("--now goes with --once (the scheduler runs on the clock).")
        from apscheduler.schedulers.blocking import BlockingScheduler

        click.echo("Scheduler running (deadline scans, outbox delivery, counts); Ctrl+C stops.")
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
    click.echo(f"Counts: {fold_counts(uow)} row(s) of changes folded.")


def _more_commands() -> None:
    from mieux.backup import backup, restore
    from mieux.serve import serve

    for command in (serve, backup, restore):
        cli.add_command(command)


_more_commands()


def main() -> None:
    cli()
