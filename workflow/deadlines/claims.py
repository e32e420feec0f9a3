"""The delivery's statements, built once: a pass sends one (PostgreSQL) or three (SQLite)
a message, so building them (and their cache keys) again for every message cost more
than running them.

Parameters: `now` (the pass's time), `row_id`, and the outcome's columns.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Expert, NoticePreference, OutboxMessage, OutboxStatus, User
from workflow.admin.links import ACCOUNT_RULES
from workflow.events import DAILY_DIGEST
from workflow.events.preferences import digest_user_ids

outbox: sa.Table = OutboxMessage.__table__  # type: ignore[assignment]
users, preferences = User.__table__, NoticePreference.__table__
NOW: sa.BindParameter[object] = sa.bindparam("now")
ROW_ID: sa.BindParameter[object] = sa.bindparam("row_id")

# What the claim reads of the row and of its recipient (see delivery.Claimed).
ROW_COLUMNS = (
    "id",
    "rule",
    "object_kind",
    "object_id",
    "recipient_user_id",
    "recipient_email",
    "subject",
    "facts",
    "due_on",
    "attempts",
    "next_attempt_at",
    "last_error",
    "created_at",
)
RECIPIENT_COLUMNS = (
    users.c.active,
    users.c.email.label("user_email"),
    users.c.full_name,
    users.c.username,
    preferences.c.email.label("wants_email"),
    preferences.c.daily_digest,
    Expert.__table__.c.name.label("expert_name"),
)

# A user who chose the daily digest gets their notices in it, not one by one.
_single = sa.or_(
    outbox.c.recipient_user_id.is_(None),
    outbox.c.rule == DAILY_DIGEST,
    # An account e-mail never waits for a digest. Equalities, not IN: an IN list is
    # rendered again at every execution, a cost paid once a message.
    *(outbox.c.rule == rule for rule in ACCOUNT_RULES),
    outbox.c.recipient_user_id.not_in(digest_user_ids()),
)
_due = outbox.c.status == OutboxStatus.PENDING, outbox.c.next_attempt_at <= NOW


def reading(picked: sa.Subquery) -> sa.Select[Any]:
    """The rows `picked` selects, each with its recipient's account, preferences and
    expert's name. The row is picked first and joined after: joining every due row and
    sorting them all to keep one made each claim cost what the whole queue did."""
    row = picked.c
    return sa.select(*(row[c] for c in ROW_COLUMNS), *RECIPIENT_COLUMNS).select_from(
        picked.outerjoin(users, users.c.id == row.recipient_user_id)
        .outerjoin(preferences, preferences.c.user_id == row.recipient_user_id)
        .outerjoin(Expert.__table__, Expert.__table__.c.email == row.recipient_email)
    )


# Every due row, oldest first (what a pass would claim, one at a time): in the order of
# ix_outbox_due (status, next_attempt_at), so that a claim reads the index up to its row
# and stops. Ordering by id too made PostgreSQL sort every due row at every claim (the
# index does not hold the id): a claim's cost grew with the queue, a backlog's squared.
# Rows due at the same instant come in the index's order: SQLite's by id (the rowid ends
# every index), PostgreSQL's by place in the table (the order they were written in).
DUE = (
    sa.select(*(outbox.c[c] for c in ROW_COLUMNS))
    .where(*_due, _single)
    .order_by(outbox.c.next_attempt_at)
)
# SQLite: the oldest due row, with its recipient.
CLAIM = reading(DUE.limit(1).subquery("picked"))

# SQLite: lease the row read by CLAIM unless another sender took it meanwhile.
LEASE = (
    sa.update(outbox)
    .where(outbox.c.id == ROW_ID, *_due)
    .values(next_attempt_at=sa.bindparam("lease_until"))
)

# The outcome of one message. Its parameters are named apart from the columns ("new_" and
# the column): in a statement that updates another row too (RECORD_AND_LEASE_NEXT), a
# parameter named as a column would be set on that row as well.
OUTCOME_COLUMNS = ("status", "attempts", "next_attempt_at", "last_error", "sent_at")
OUTCOME = (
    sa.update(outbox)
    .where(outbox.c.id == ROW_ID)
    .values({name: sa.bindparam(f"new_{name}") for name in OUTCOME_COLUMNS})
)


def outcome(row_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """OUTCOME's parameters: the row and its new columns."""
    return {"row_id": row_id, **{f"new_{name}": values[name] for name in OUTCOME_COLUMNS}}


# PostgreSQL, in autocommit: one statement a message, atomic as any statement is. It
# records the previous message's outcome (its UPDATE runs whether or not the rest uses it:
# PostgreSQL runs every data-modifying WITH), then picks the oldest due row, locking it
# for the statement only (SKIP LOCKED: a row another sender is picking is passed over),
# leases it and reads it with its recipient. The previous row, leased, is not due.
_picked = (
    DUE.with_only_columns(outbox.c.id, outbox.c.next_attempt_at)
    .limit(1)
    .with_for_update(skip_locked=True)
    .cte("picked")
)
_leased = (
    sa.update(outbox)
    .where(outbox.c.id == _picked.c.id)
    .values(next_attempt_at=sa.bindparam("lease_until"))
    # The row as it was picked: its outcome keeps its due time, not the lease's.
    .returning(*(_picked.c[c] if c == "next_attempt_at" else outbox.c[c] for c in ROW_COLUMNS))
    .cte("leased")
)
LEASE_NEXT = reading(_leased)  # type: ignore[arg-type]
RECORD_AND_LEASE_NEXT = reading(_leased).add_cte(OUTCOME.cte("recorded"))  # type: ignore[arg-type]
