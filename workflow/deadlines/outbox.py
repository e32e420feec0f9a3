"""The outbox's SQL: store each Due once, in bulk (no SMTP here).

`enqueue` writes the rows the rules found; `delivery.py` hands them to a `Send`
port (the e-mail adapter in `notifications/`) and records what happened. Time is
always the caller's `now`: the scheduler's clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Action, Activity, Notification, OutboxMessage, OutboxStatus, Request
from workflow.admin.links import ACCOUNT_RULES, SUBJECTS
from workflow.deadlines import Due
from workflow.engine.unit_of_work import UnitOfWork
from workflow.events import DAILY_DIGEST, headline, is_event

KEY_COLUMNS = ("rule", "object_kind", "object_id", "recipient", "occurrence")
# Rows a multi-row INSERT writes at once (16 columns: far below SQLite's 32,766 parameters).
BATCH = 500

WHAT_IS_DUE = {
    "eligibility": "the eligibility decision",
    "rapid_reaction_warning": "the first activity (rapid reaction)",
    "rapid_reaction_missed": "the first activity (rapid reaction missed)",
    "psc_vote": "your PSC vote",
    "psc_vote_owner": "the PSC decision",
    "experts_unconfirmed": "the experts' confirmation",
    "report_due": "the activity report",
    "report_overdue": "the overdue activity report",
    "report_escalation": "an overdue activity report (the programme manager is now told too)",
    "evaluation": "the evaluation",
    "digest": "your reminders",
}


def what_is_due(rule: str) -> str:
    return WHAT_IS_DUE.get(rule, rule.replace("_", " "))


# The facts naming the deadline itself, and the rules reminding before it.
DEADLINE_FACTS = ("report_due_on", "rapid_reaction_due_on")
BEFORE_THE_DAY = frozenset({"report_due", "rapid_reaction_warning"})


def deadline_of(rule: str, facts: dict[str, Any], due_on: dt.date) -> tuple[str, dt.date]:
    """How a reminder states its deadline ("is due on", "has been due since") and the day.
    A report's reminders come a week before its day and weekly after it, the rapid
    reaction's a month before its day and the day after: they state that day, the one the
    reader must act on, not the day the reminder falls due."""
    day = next((facts[k] for k in DEADLINE_FACTS if isinstance(facts.get(k), str)), None)
    if day is None:
        return "has been due since", due_on
    words = "is due on" if rule in BEFORE_THE_DAY else "has been due since"
    return words, dt.date.fromisoformat(day)


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
        words, day = deadline_of(due.rule, due.facts, due.due_on)
        prefix = f"Due {words.rsplit(' ', 1)[1]}"  # "Due on", "Due since"
        subject = f"{prefix} {day.isoformat()}: {what_is_due(due.rule)} ({label})"
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
    titles = titles_of(session, dues)
    titled = [with_title(due, titles) for due in dues]
    return sum(
        _insert_many(session, titled[start : start + BATCH], now)
        for start in range(0, len(titled), BATCH)
    )


# What names an object in a subject ("Activity 80: Workshop on ..."), by kind.
TITLE_COLUMNS: dict[str, Any] = {
    "request": (Request.id, Request.requester_name),
    "action": (Action.id, Action.title),
    "activity": (Activity.id, Activity.title),
}


def titles_of(session: Session, dues: list[Due]) -> dict[tuple[str, int], str]:
    """The titles of the objects the reminders are about: one query a kind, per batch."""
    found: dict[tuple[str, int], str] = {}
    for kind, (key, title) in TITLE_COLUMNS.items():
        ids = {d.object_id for d in dues if d.object_kind == kind and "title" not in d.facts}
        if ids:
            rows = session.execute(sa.select(key, title).where(key.in_(ids)))
            found |= {(kind, object_id): name for object_id, name in rows}
    return found


def with_title(due: Due, titles: dict[tuple[str, int], str]) -> Due:
    """The Due with its object's title among its facts, when the rules did not give one."""
    title = titles.get((due.object_kind, due.object_id))
    return replace(due, facts={**due.facts, "title": title}) if title else due


def _insert_many(session: Session, dues: list[Due], now: dt.datetime) -> int:
    """Insert the Dues whose key is new, in one statement, then supersede and notify as one
    insert at a time would; returns how many rows are new."""
    unique: dict[tuple[str, str, int, str, str], dict[str, Any]] = {}
    for due in dues:  # the same key twice: the first is stored, as one insert at a time did
        unique.setdefault(due.key, outbox_row(due, now))
    values = list(unique.values())
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(OutboxMessage)
        .values(values)
        .on_conflict_do_nothing(index_elements=list(KEY_COLUMNS))
        .returning(OutboxMessage.id, *(OutboxMessage.__table__.c[c] for c in KEY_COLUMNS[:4]))
    )
    # Per rule, object and recipient, the newest row inserted now: it supersedes older ones.
    newest: dict[tuple[str, str, int, str], int] = {}
    for new_id, *series in session.execute(statement):
        newest[tuple(series)] = max(new_id, newest.get(tuple(series), new_id))
    if not newest:
        return 0
    _supersede(session, newest)
    new_rows = [v for v in values if _series(v) in newest]
    notices = [
        {k: v[k] for k in ("rule", "object_kind", "object_id", "subject")}
        | {"user_id": v["recipient_user_id"], "created_at": now}
        for v in new_rows
        # An account e-mail has no in-app notice: its reader may not be able to log in yet.
        if v["recipient_user_id"] is not None
        and v["rule"] != DAILY_DIGEST
        and v["rule"] not in ACCOUNT_RULES
    ]
    if notices:
        session.execute(sa.insert(Notification), notices)
    return len(new_rows)


def _series(values: dict[str, Any]) -> tuple[str, str, int, str]:
    """A row's key without its occurrence: what a newer occurrence supersedes."""
    return (values["rule"], values["object_kind"], values["object_id"], values["recipient"])


def _supersede(session: Session, newest: dict[tuple[str, str, int, str], int]) -> None:
    """Mark superseded the pending rows older (lower id) than the newest of their series."""
    pending = session.execute(
        sa.select(OutboxMessage.id, *(OutboxMessage.__table__.c[c] for c in KEY_COLUMNS[:4])).where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.object_id.in_({series[2] for series in newest}),
            OutboxMessage.rule.in_({series[0] for series in newest}),
        )
    )
    older = [row_id for row_id, *series in pending if row_id < newest.get(tuple(series), 0)]
    if older:
        session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(older), OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SUPERSEDED)
            .execution_options(synchronize_session=False)
        )


def outbox_row(due: Due, now: dt.datetime) -> dict[str, Any]:
    """The outbox row of `due`, pending from `now` (the scan's and the events' alike)."""
    rule, kind, object_id, recipient, occurrence = due.key
    return {
        "rule": rule,
        "object_kind": kind,
        "object_id": object_id,
        "recipient": recipient,
        "occurrence": occurrence,
        "recipient_user_id": due.recipient_user_id,
        "recipient_email": None if due.recipient_user_id else due.recipient_email,
        "due_on": due.due_on,
        "subject": subject_for(due),
        "facts": jsonable(due.facts),
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "last_error": None,
        "sent_at": None,
    }


def jsonable(value: object) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
