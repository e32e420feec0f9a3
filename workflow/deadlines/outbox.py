"""The outbox's SQL: store each Due once, then claim, mark sent or retry (no SMTP here).

`enqueue` writes the rows the rules found; `deliver_one` hands one due row at a
time to a `Send` port (the e-mail adapter in `notifications/`) and records what
happened. Time is always the caller's `now`: the scheduler's clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Action, Activity, Expert, Notification, OutboxMessage, Request, User
from db.models import OutboxStatus as OutboxStatus  # re-exported: delivery outcomes carry it
from workflow.admin.links import ACCOUNT_RULES, SUBJECTS, issue_link
from workflow.admin.settings import Settings, load_settings
from workflow.deadlines import Due
from workflow.engine.unit_of_work import UnitOfWork
from workflow.events import DAILY_DIGEST, headline, is_event
from workflow.events.preferences import digest_user_ids, preferences_of

# After the n-th failed send, the next try waits RETRY_DELAYS[n-1], then the last one forever.
RETRY_DELAYS = tuple(dt.timedelta(minutes=m) for m in (1, 5, 15, 60, 360))
# On SQLite a claimed row is leased this long: a sender that dies mid-send frees it then.
CLAIM_LEASE = dt.timedelta(minutes=10)
KEY_COLUMNS = ("rule", "object_kind", "object_id", "recipient", "occurrence")

WHAT_IS_DUE = {
    "eligibility": "the eligibility decision",
    "rapid_reaction_warning": "the first activity (rapid reaction)",
    "rapid_reaction_missed": "the first activity (rapid reaction missed)",
    "psc_vote": "your PSC vote",
    "psc_vote_owner": "the PSC decision",
    "experts_unconfirmed": "the experts' confirmation",
    "report_due": "the activity report",
    "report_overdue": "the overdue activity report",
    "report_escalation": "an overdue activity report, now also with the programme manager",
    "evaluation": "the evaluation",
    "digest": "your reminders",
}


def what_is_due(rule: str) -> str:
    return WHAT_IS_DUE.get(rule, rule.replace("_", " "))


def object_label(object_kind: str, object_id: int, facts: dict[str, Any]) -> str:
    title = facts.get("title")
    label = f"{object_kind.capitalize()} {object_id}"
    return f"{label}: {title}" if title else label


def subject_for(due: Due) -> str:
    """The one line an e-mail's subject and an in-app notice both show."""
    if due.rule in SUBJECTS:  # an account e-mail: nothing is due, and no object to name
        return SUBJECTS[due.rule]
    label = object_label(due.object_kind, due.object_id, due.facts)
    if is_event(due.rule):
        subject = f"{headline(due.rule, due.facts)} ({label})"
    elif due.rule == DAILY_DIGEST:
        subject = f"Your notices of {due.due_on.isoformat()} ({len(_items(due.facts))})"
    else:
        subject = f"Due since {due.due_on.isoformat()}: {what_is_due(due.rule)} ({label})"
    return subject if len(subject) <= 300 else subject[:299] + "…"


def _items(facts: dict[str, Any]) -> list[Any]:
    items = facts.get("items")
    return items if isinstance(items, list) else []


def enqueue(uow: UnitOfWork, dues: list[Due]) -> int:
    """Store each Due once, in a transaction of its own; returns how many rows are new."""
    with uow:
        created = add_dues(uow.session, uow.now(), dues)
        uow.commit()
    return created


def add_dues(session: Session, now: dt.datetime, dues: list[Due]) -> int:
    """Store each Due once in the caller's transaction; returns how many rows are new.

    A key already stored is skipped (also when another process inserts it at the
    same moment: ON CONFLICT DO NOTHING, never an error). A new occurrence
    supersedes the still-pending older ones of the same rule, object and
    recipient, and a recipient who is a user gets an in-app notice (not for the
    daily digest: its items have theirs).
    """
    titles = _titles(session, dues)
    return sum(_insert(session, _titled(due, titles), now) is not None for due in dues)


# What names an object in a subject ("Activity 80: Workshop on ..."), by kind.
TITLE_COLUMNS: dict[str, Any] = {
    "request": (Request.id, Request.requester_name),
    "action": (Action.id, Action.title),
    "activity": (Activity.id, Activity.title),
}


def _titles(session: Session, dues: list[Due]) -> dict[tuple[str, int], str]:
    """The titles of the objects the reminders are about: one query a kind, per batch."""
    found: dict[tuple[str, int], str] = {}
    for kind, (key, title) in TITLE_COLUMNS.items():
        ids = {d.object_id for d in dues if d.object_kind == kind and "title" not in d.facts}
        if ids:
            rows = session.execute(sa.select(key, title).where(key.in_(ids)))
            found |= {(kind, object_id): name for object_id, name in rows}
    return found


def _titled(due: Due, titles: dict[tuple[str, int], str]) -> Due:
    """The Due with its object's title among its facts, when the rules did not give one."""
    title = titles.get((due.object_kind, due.object_id))
    return replace(due, facts={**due.facts, "title": title}) if title else due


def _insert(session: Session, due: Due, now: dt.datetime) -> int | None:
    """The new row's id, or None when the key is already there."""
    rule, kind, object_id, recipient, occurrence = due.key
    subject = subject_for(due)
    values = {
        "rule": rule,
        "object_kind": kind,
        "object_id": object_id,
        "recipient": recipient,
        "occurrence": occurrence,
        "recipient_user_id": due.recipient_user_id,
        "recipient_email": None if due.recipient_user_id else due.recipient_email,
        "due_on": due.due_on,
        "subject": subject,
        "facts": _jsonable(due.facts),
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(KEY_COLUMNS))
        .returning(OutboxMessage.id)
    )
    new_id = session.scalar(statement)
    if new_id is None:
        return None
    session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.rule == rule,
            OutboxMessage.object_kind == kind,
            OutboxMessage.object_id == object_id,
            OutboxMessage.recipient == recipient,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.id < new_id,
        )
        .values(status=OutboxStatus.SUPERSEDED)
    )
    # An account e-mail has no in-app notice: its reader may not be able to log in yet.
    if due.recipient_user_id is not None and due.rule != DAILY_DIGEST and rule not in ACCOUNT_RULES:
        session.add(
            Notification(
                user_id=due.recipient_user_id,
                rule=rule,
                object_kind=kind,
                object_id=object_id,
                subject=subject,
                created_at=now,
            )
        )
        session.flush()
    return int(new_id)


def _jsonable(value: object) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


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


def pending_count(uow: UnitOfWork) -> int:
    with uow:
        query = sa.select(sa.func.count(OutboxMessage.id)).where(
            OutboxMessage.status == OutboxStatus.PENDING
        )
        return uow.session.scalar(query) or 0


def deliver_one(uow: UnitOfWork, now: dt.datetime, send: Send) -> Delivered | None:
    """Claim the oldest row due at `now`, send it, record the outcome; None when none is due.

    PostgreSQL: the row is locked (FOR UPDATE SKIP LOCKED) in one transaction
    that sends and marks it, so several senders never take the same row.
    SQLite: a conditional UPDATE leases the row and commits (the write lock is
    not held while talking SMTP); a second transaction records the outcome.
    """
    with uow:
        session = uow.session
        if session.get_bind().dialect.name == "postgresql":
            row = session.scalars(_due(now).with_for_update(skip_locked=True)).first()
            if row is None:
                return None
        else:
            row = _lease(session, now)
            if row is None:
                return None
            uow.commit()
        outcome = _send(session, row, now, send, load_settings(session))
        uow.commit()
        return outcome


def _due(now: dt.datetime) -> sa.Select[OutboxMessage]:
    # A user who chose the daily digest gets their notices in it, not one by one.
    single = sa.or_(
        OutboxMessage.recipient_user_id.is_(None),
        OutboxMessage.rule == DAILY_DIGEST,
        OutboxMessage.rule.in_(ACCOUNT_RULES),  # an account e-mail never waits for a digest
        OutboxMessage.recipient_user_id.not_in(digest_user_ids()),
    )
    return (
        sa.select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            single,
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
    )


def _lease(session: Session, now: dt.datetime) -> OutboxMessage | None:
    """The SQLite claim: UPDATE ... WHERE status = 'pending' AND id = ... AND still due."""
    while (row_id := session.scalar(_due(now).with_only_columns(OutboxMessage.id))) is not None:
        claimed = session.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.id == row_id,
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + CLAIM_LEASE)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return session.get(OutboxMessage, row_id, populate_existing=True)
    return None


def _send(
    session: Session, row: OutboxMessage, now: dt.datetime, send: Send, settings: Settings
) -> Delivered:
    if is_event(row.rule) and row.created_at < now - dt.timedelta(days=settings.catch_up_days):
        # Old news (a long stop, or history loaded by `mieux demo`): no backlog of e-mails.
        row.status, row.last_error = OutboxStatus.IN_APP, "not e-mailed: older than the horizon"
        return Delivered(row.id, row.status)
    message = _message(session, row, now)
    if message is OutboxStatus.IN_APP:  # e-mails off, or no address: the notice is in-app
        row.status = OutboxStatus.IN_APP
        return Delivered(row.id, row.status)
    if isinstance(message, str):  # nobody to write to: no retry can help
        row.status, row.last_error = OutboxStatus.FAILED, message
        return Delivered(row.id, row.status, message)
    try:
        send(message)
    except Exception as error:  # any failure to hand over the message: retry later
        row.attempts += 1
        row.last_error = f"{type(error).__name__}: {error}"[:2000]
        if row.attempts >= settings.outbox_max_attempts:
            row.status = OutboxStatus.FAILED
        else:
            row.next_attempt_at = now + RETRY_DELAYS[min(row.attempts, len(RETRY_DELAYS)) - 1]
        return Delivered(row.id, row.status, row.last_error)
    row.status, row.sent_at, row.attempts = OutboxStatus.SENT, now, row.attempts + 1
    return Delivered(row.id, row.status)


def _message(
    session: Session, row: OutboxMessage, now: dt.datetime
) -> Message | str | OutboxStatus:
    """The row as a Message, IN_APP when the user gets no e-mail, or why it cannot be sent.
    An account e-mail ignores the preferences (it is not a notice) and gets its link's
    token here, at sending: the token is never stored, only its hash."""
    facts = dict(row.facts)
    if row.recipient_user_id is not None:
        user = session.get(User, row.recipient_user_id)
        if user is None or not user.active:
            return "the recipient's account is closed"
        if row.rule in ACCOUNT_RULES:
            if not user.email:
                return "the recipient has no e-mail address"
            token, expires = issue_link(session, user.id, row.rule, now)
            facts |= {"link_token": token, "link_expires": expires.isoformat()}
        elif preferences_of(session, user).channel == "in_app":
            return OutboxStatus.IN_APP
        email, name = user.email or "", user.full_name or user.username
    else:
        email = row.recipient_email or ""
        expert = session.scalars(sa.select(Expert).where(Expert.email == email)).first()
        name = expert.name if expert else str(row.facts.get("recipient_name") or email)
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
