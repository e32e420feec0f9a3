"""An event's notices written in one statement on PostgreSQL, three on SQLite, whatever the
number of recipients.

The same rows as the outbox's `add_dues` (one outbox row per key, a new occurrence
superseding the still-pending older ones, an in-app notice for each user told), for
the dues of one event: one rule about one object. `add_dues` sends three statements
per recipient; an event with four recipients would send twelve inside the fire.

On PostgreSQL the three are data-modifying CTEs of one statement (one round trip, where
each statement is one); on SQLite, in-process, they stay three plain statements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Notification, OutboxMessage, OutboxStatus
from workflow.deadlines import Due
from workflow.deadlines.outbox import KEY_COLUMNS, outbox_row, titles_of, with_title
from workflow.engine import history as history_rows
from workflow.engine.write import Tail, bound_rows, send_with_held

# Core tables: the rows go in as parameter lists, without building ORM objects.
OUTBOX = cast(sa.Table, OutboxMessage.__table__)
NOTICES = cast(sa.Table, Notification.__table__)

# Built once: the same statements each event keep their cache keys. An outbox row whose key
# is already there is skipped; the ids and recipients of the new ones come back.
_INSERTS = {
    name: dialect.insert(OUTBOX)
    .on_conflict_do_nothing(index_elements=list(KEY_COLUMNS))
    .returning(OUTBOX.c.id, OUTBOX.c.recipient)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
# The still-pending older rows of the same rule, object and recipients.
_SUPERSEDE = (
    sa.update(OUTBOX)
    .where(
        OUTBOX.c.rule == sa.bindparam("of_rule"),
        OUTBOX.c.object_kind == sa.bindparam("of_kind"),
        OUTBOX.c.object_id == sa.bindparam("of_object_id"),
        OUTBOX.c.recipient.in_(sa.bindparam("recipients", expanding=True)),
        OUTBOX.c.status == OutboxStatus.PENDING,
        OUTBOX.c.id.not_in(sa.bindparam("ids", expanding=True)),
        OUTBOX.c.id < sa.bindparam("newest"),  # older ones only, as `add_dues` supersedes
    )
    .values(status=OutboxStatus.SUPERSEDED)
)


_NOTICE_COLUMNS = ("user_id", "rule", "object_kind", "object_id", "subject", "created_at")


# `folded`'s parameters of the event as a whole: its rule, its object, and now.
_RULE = sa.bindparam("of_rule", type_=OUTBOX.c.rule.type)
_KIND = sa.bindparam("of_kind", type_=OUTBOX.c.object_kind.type)
_OBJECT_ID = sa.bindparam("of_object_id", type_=OUTBOX.c.object_id.type)
_NOW = sa.bindparam("now", type_=NOTICES.c.created_at.type)
# What every outbox row of one event shares, bound once or written as is: its rule and
# object, and a new row's state (`outbox_row`); the other columns are bound per row.
_SAME: dict[str, Any] = {
    "rule": _RULE,
    "object_kind": _KIND,
    "object_id": _OBJECT_ID,
    "next_attempt_at": _NOW,
    "created_at": _NOW,
    "attempts": sa.literal_column("0"),
    "status": sa.literal_column(f"'{OutboxStatus.PENDING.value}'"),
    "last_error": sa.null(),
    "sent_at": sa.null(),
}


@cache
def folded(count: int, history: int = 0) -> Tail:
    """PostgreSQL: the three statements of `store_event` as one, for `count` outbox rows
    (built once per count, so each event reuses its compiled form; a held write of the
    fire goes with it, `send_with_held`):

        WITH ins AS (INSERT INTO outbox ... ON CONFLICT DO NOTHING RETURNING ...),
             sup AS (UPDATE outbox SET status = 'superseded' WHERE <older pending of the
                     same rule, object and a recipient in ins>),
             told AS (INSERT INTO notifications SELECT ... FROM ins WHERE a user is told)
        SELECT count(*) FROM ins

    Every CTE runs to completion whether read or not, on the statement's one snapshot:
    the UPDATE sees only the rows there before it (never the ones `ins` adds), as the
    separate UPDATE excluding the new ids does; no row inserted, nothing superseded and
    nobody told, as the early return does. `history`: that many rows of the fire's history
    in the same statement (`history.tail`)."""
    columns = list(OUTBOX.c.keys())[1:]  # all but the id
    ins = (
        postgresql.insert(OUTBOX)
        .from_select(columns, bound_rows(OUTBOX, columns, "r", count, _SAME))
        .on_conflict_do_nothing(index_elements=list(KEY_COLUMNS))
        .returning(OUTBOX.c.id, OUTBOX.c.recipient, OUTBOX.c.recipient_user_id, OUTBOX.c.subject)
        .cte("ins")
    )
    sup = (
        sa.update(OUTBOX)
        .where(
            OUTBOX.c.rule == _RULE,
            OUTBOX.c.object_kind == _KIND,
            OUTBOX.c.object_id == _OBJECT_ID,
            OUTBOX.c.recipient.in_(sa.select(ins.c.recipient)),
            OUTBOX.c.status == OutboxStatus.PENDING,
            OUTBOX.c.id.not_in(sa.select(ins.c.id)),
            OUTBOX.c.id < sa.select(sa.func.max(ins.c.id)).scalar_subquery(),
        )
        .values(status=OutboxStatus.SUPERSEDED)
        .cte("sup")
    )
    told = (
        sa.insert(NOTICES)
        .from_select(
            list(_NOTICE_COLUMNS),
            sa.select(ins.c.recipient_user_id, _RULE, _KIND, _OBJECT_ID, ins.c.subject, _NOW)
            .where(ins.c.recipient_user_id.is_not(None))
            .order_by(ins.c.id),
        )
        .cte("told")
    )
    stored = sa.select(sa.func.count()).select_from(ins).scalar_subquery()
    return Tail((ins, sup, told, *history_rows.tail(history).ctes), stored)


def _store_folded(
    session: Session, now: dt.datetime, rows: list[dict[str, Any]], history: list[dict[str, Any]]
) -> int:
    first = rows[0]
    # The values every row shares are bound once (`folded`): they are the first row's.
    if any(row[c] != first[c] for row in rows for c in _SAME):
        raise ValueError("An event's outbox rows share their rule, object and new state.")
    params: dict[str, Any] = {
        f"r{n}_{c}": v for n, row in enumerate(rows) for c, v in row.items() if c not in _SAME
    }
    params |= history_rows.tail_params(history)
    params |= {"of_rule": first["rule"], "of_kind": first["object_kind"]}
    params |= {"of_object_id": first["object_id"], "now": now}
    return int(send_with_held(session, folded(len(rows), len(history)), params))


def store_event(
    session: Session, now: dt.datetime, dues: list[Due], history: Sequence[dict[str, Any]] = ()
) -> int:
    """Store the dues of one event (one rule, one object) in the caller's transaction: one
    INSERT of every outbox row (a key already there is skipped), one UPDATE superseding
    the older pending ones, one INSERT of the in-app notices (on PostgreSQL, the three in
    one statement). `history`: rows of the history (workflow/engine/history.py `row`) to
    write with them, on PostgreSQL in the same statement. Returns how many are new."""
    if not dues:
        history_rows.insert(session, list(history))
        return 0
    assert len({(d.rule, d.object_kind, d.object_id) for d in dues}) == 1, "one event at a time"
    titles = titles_of(session, dues)  # no query when the event named its object's title
    rows = [outbox_row(with_title(due, titles), now) for due in dues]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return _store_folded(session, now, rows, list(history))
    history_rows.insert(session, list(history))
    inserted = session.execute(_INSERTS[dialect], rows)
    new: dict[int, str] = {row_id: recipient for row_id, recipient in inserted}
    if not new:
        return 0
    rule, kind, object_id = rows[0]["rule"], rows[0]["object_kind"], rows[0]["object_id"]
    keep = {"of_rule": rule, "of_kind": kind, "of_object_id": object_id}
    keep |= {"ids": list(new), "newest": max(new)}
    session.execute(_SUPERSEDE, {**keep, "recipients": sorted(set(new.values()))})
    told = set(new.values())
    notices = [
        {
            "user_id": row["recipient_user_id"],
            "rule": rule,
            "object_kind": kind,
            "object_id": object_id,
            "subject": row["subject"],
            "created_at": now,
            "read_at": None,
        }
        for row in rows
        if row["recipient"] in told and row["recipient_user_id"] is not None
    ]
    if notices:
        session.execute(sa.insert(NOTICES), notices)
    return len(new)
