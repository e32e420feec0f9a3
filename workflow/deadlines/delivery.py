"""Delivering the outbox: claim one due row at a time, hand it to a `Send` port, record it.

`deliveries` is one delivery pass, on one connection: the settings are read once
for the pass, and each row is claimed with its recipient (account, preferences,
expert's name) in one statement. One transaction a message, and never more than
one row claimed whose outcome is not recorded, so two senders never take one row
and a sender killed mid-pass leaves at most the one message in flight to be sent
again (docs/decisions.md, "the one resend").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from db.models import OutboxMessage
from db.models import OutboxStatus as OutboxStatus  # re-exported: delivery outcomes carry it
from workflow.admin.links import ACCOUNT_RULES, issue_link
from workflow.admin.settings import Settings, load_settings
from workflow.deadlines import claims
from workflow.deadlines.outbox import object_label, what_is_due
from workflow.engine.unit_of_work import UnitOfWork
from workflow.events import headline, is_event
from workflow.events.preferences import Preferences, preferences_from

# After the n-th failed send, the next try waits RETRY_DELAYS[n-1], then the last one forever.
RETRY_DELAYS = tuple(dt.timedelta(minutes=m) for m in (1, 5, 15, 60, 360))
# A claimed row is leased this long: a sender that dies mid-send frees it then.
CLAIM_LEASE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Message:
    """One outbox row as the e-mail adapter needs it: to whom, about what, since when."""

    id: int
    rule: str
    object_kind: str
    object_id: int
    to_email: str
    to_name: str
    subject: str
    what_is_due: str
    object_label: str
    due_on: dt.date
    facts: dict[str, Any] = field(default_factory=dict)
    # What happened, for an event notice ("The PSC has decided: approved"); else "".
    headline: str = ""


Send = Callable[[Message], None]


@dataclass(frozen=True)
class Delivered:
    """What one delivery did with one row: its id and new status (and why, if it failed)."""

    id: int
    status: OutboxStatus
    error: str | None = None


@dataclass(frozen=True)
class Claimed:
    """A claimed row and what the claim read of its recipient: the account (`active` None:
    no account), its stored preferences (None: the defaults), an expert's name."""

    id: int
    rule: str
    object_kind: str
    object_id: int
    recipient_user_id: int | None
    recipient_email: str | None
    subject: str
    facts: dict[str, Any]
    due_on: dt.date
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    created_at: dt.datetime
    active: bool | None
    user_email: str | None
    full_name: str | None
    username: str | None
    wants_email: bool | None
    daily_digest: bool | None
    expert_name: str | None

    @property
    def preferences(self) -> Preferences:
        return preferences_from(self.user_email, self.wants_email, self.daily_digest)


def pending_count(uow: UnitOfWork) -> int:
    with uow:
        query = sa.select(sa.func.count(OutboxMessage.id)).where(
            OutboxMessage.status == OutboxStatus.PENDING
        )
        return uow.session.scalar(query) or 0


def deliveries(
    uow_factory: Callable[[], UnitOfWork], now: dt.datetime, send: Send
) -> Generator[Delivered]:
    """One delivery pass at `now`: every due row in turn, until none is left. The pass
    keeps one session on one connection (on PostgreSQL in autocommit: see `_pass`), and
    reads the settings once. A caller that stops early closes the iterator
    (`contextlib.closing`): that records the last message sent."""
    uow = uow_factory()
    with uow.on_one_connection(autocommit=uow.dialect_name == "postgresql") as held:
        yield from _pass(held, now, send)


def deliver_one(
    uow: UnitOfWork, now: dt.datetime, send: Send, settings: Settings | None = None
) -> Delivered | None:
    """Claim the oldest row due at `now`, send it, record the outcome; None when none is due."""
    with uow, closing(_pass(uow, now, send, settings)) as outcomes:
        return next(outcomes, None)


def _pass(
    uow: UnitOfWork, now: dt.datetime, send: Send, settings: Settings | None = None
) -> Generator[Delivered]:
    """The rows due at `now`, one at a time, in `uow`'s session; its statements in Core on
    the session's connection (a claim and an outcome: nothing for the ORM to track).

    A claimed row is leased (its next attempt moved CLAIM_LEASE ahead), so another
    sender passes it over, and the lease is committed before the message is handed to
    the mail server: no lock is held while talking SMTP. Message N's outcome is
    recorded in the transaction that leases N+1: one transaction a message, and at any
    moment at most one row claimed whose outcome is not recorded. A sender that dies
    leaves that one row leased; the next pass after the lease sends it again.

    PostgreSQL: that transaction is one statement (claims.RECORD_AND_LEASE_NEXT), sent
    in autocommit: one round trip to the server a message. SQLite: the outcome, the
    claim and a conditional lease, then the commit.
    """
    session = uow.session
    settings = settings or load_settings(session)
    one_statement = session.get_bind().dialect.name == "postgresql"
    sent: dict[str, Any] | None = None  # the outcome sent and not yet recorded
    while True:
        db = session.connection()
        if one_statement:
            row = _record_and_lease(db, now, sent)
        else:
            if sent is not None:
                db.execute(claims.OUTCOME, sent)
            row = _lease(db, now)
        uow.commit()
        if row is None:
            return
        outcome, values = _send(uow, row, now, send, settings)
        sent = claims.outcome(row.id, values)
        try:
            yield outcome
        except GeneratorExit:  # the caller stops here: record the last one on its own
            session.connection().execute(claims.OUTCOME, sent)
            uow.commit()
            raise


def _claimed(result: sa.CursorResult[Any]) -> Claimed | None:
    found = result.first()
    return None if found is None else Claimed(**found._mapping)


def _record_and_lease(
    db: sa.Connection, now: dt.datetime, sent: dict[str, Any] | None
) -> Claimed | None:
    """The PostgreSQL step: record `sent` (if any) and lease the next due row, at once."""
    lease = {"now": now, "lease_until": now + CLAIM_LEASE}
    if sent is None:
        return _claimed(db.execute(claims.LEASE_NEXT, lease))
    return _claimed(db.execute(claims.RECORD_AND_LEASE_NEXT, lease | sent))


def _lease(db: sa.Connection, now: dt.datetime) -> Claimed | None:
    """The SQLite claim: UPDATE ... WHERE id = ... AND status = 'pending' AND still due."""
    while (claimed := _claimed(db.execute(claims.CLAIM, {"now": now}))) is not None:
        lease = {"row_id": claimed.id, "now": now, "lease_until": now + CLAIM_LEASE}
        if db.execute(claims.LEASE, lease).rowcount == 1:
            return claimed
    return None


def _send(
    uow: UnitOfWork, row: Claimed, now: dt.datetime, send: Send, settings: Settings
) -> tuple[Delivered, dict[str, Any]]:
    """What became of the message, and the row's new columns."""
    values: dict[str, Any] = {
        "status": OutboxStatus.PENDING,
        "attempts": row.attempts,
        "next_attempt_at": row.next_attempt_at,
        "last_error": row.last_error,
        "sent_at": None,
    }
    if is_event(row.rule) and row.created_at < now - dt.timedelta(days=settings.catch_up_days):
        # Old news (a long stop, or history loaded by `mieux demo`): no backlog of e-mails.
        values |= {
            "status": OutboxStatus.IN_APP,
            "last_error": "not e-mailed: older than the horizon",
        }
        return Delivered(row.id, OutboxStatus.IN_APP), values
    message = _message(uow, row, now)
    if message is OutboxStatus.IN_APP:  # e-mails off, or no address: the notice is in-app
        return Delivered(row.id, OutboxStatus.IN_APP), values | {"status": OutboxStatus.IN_APP}
    if isinstance(message, str):  # nobody to write to: no retry can help
        values |= {"status": OutboxStatus.FAILED, "last_error": message}
        return Delivered(row.id, OutboxStatus.FAILED, message), values
    try:
        send(message)
    except Exception as error:  # any failure to hand over the message: retry later
        attempts, failure = row.attempts + 1, f"{type(error).__name__}: {error}"[:2000]
        values |= {"attempts": attempts, "last_error": failure}
        if attempts >= settings.outbox_max_attempts:
            values["status"] = OutboxStatus.FAILED
        else:
            values["next_attempt_at"] = now + RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
        return Delivered(row.id, values["status"], failure), values
    values |= {"status": OutboxStatus.SENT, "sent_at": now, "attempts": row.attempts + 1}
    return Delivered(row.id, OutboxStatus.SENT), values


def _message(uow: UnitOfWork, row: Claimed, now: dt.datetime) -> Message | str | OutboxStatus:
    """The row as a Message, IN_APP when the user gets no e-mail, or why it cannot be sent.
    An account e-mail ignores the preferences (it is not a notice) and gets its link's
    token here, at sending: the token is never stored, only its hash."""
    facts = dict(row.facts)
    if row.recipient_user_id is not None:
        if not row.active:
            return "the recipient's account is closed"
        if row.rule in ACCOUNT_RULES:
            if not row.user_email:
                return "the recipient has no e-mail address"
            # In a transaction of its own (the pass's connection is in autocommit on
            # PostgreSQL): the older links revoked and the new one stored, or neither,
            # and stored before the e-mail that carries it goes out.
            with uow.apart() as own:
                token, expires = issue_link(own.session, row.recipient_user_id, row.rule, now)
                own.commit()
            facts |= {"link_token": token, "link_expires": expires.isoformat()}
        elif row.preferences.channel == "in_app":
            return OutboxStatus.IN_APP
        email, name = row.user_email or "", row.full_name or row.username or ""
    else:
        email = row.recipient_email or ""
        name = row.expert_name or str(row.facts.get("recipient_name") or email)
    return Message(
        id=row.id,
        rule=row.rule,
        object_kind=row.object_kind,
        object_id=row.object_id,
        to_email=email,
        to_name=name,
        subject=row.subject,
        what_is_due=what_is_due(row.rule),
        object_label=object_label(row.object_kind, row.object_id, row.facts),
        due_on=row.due_on,
        facts=facts,
        headline=headline(row.rule, row.facts) if is_event(row.rule) else "",
    )
