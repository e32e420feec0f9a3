"""The delivery's statements, built once: a pass sends four a message, so building them
(and their cache keys) again for every message cost more than running them.

Parameters: `now` (the pass's time), `row_id`, and the outcome's columns.
"""

from __future__ import annotations

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
    outbox.c.rule.in_(ACCOUNT_RULES),  # an account e-mail never waits for a digest
    outbox.c.recipient_user_id.not_in(digest_user_ids()),
)
_due = outbox.c.status == OutboxStatus.PENDING, outbox.c.next_attempt_at <= NOW

# The oldest due row, with its recipient's account, preferences and expert's name.
CLAIM = (
    sa.select(*(outbox.c[c] for c in ROW_COLUMNS), *RECIPIENT_COLUMNS)
    .select_from(
        outbox.outerjoin(users, users.c.id == outbox.c.recipient_user_id)
        .outerjoin(preferences, preferences.c.user_id == outbox.c.recipient_user_id)
        .outerjoin(Expert.__table__, Expert.__table__.c.email == outbox.c.recipient_email)
    )
    .where(*_due, _single)
    .order_by(outbox.c.next_attempt_at, outbox.c.id)
    .limit(1)
)
# PostgreSQL: the row stays locked until the outcome is committed; other senders skip it.
CLAIM_LOCKED = CLAIM.with_for_update(of=outbox, skip_locked=True)

# SQLite: lease the row read by CLAIM unless another sender took it meanwhile.
LEASE = (
    sa.update(outbox)
    .where(outbox.c.id == ROW_ID, *_due)
    .values(next_attempt_at=sa.bindparam("lease_until"))
)

# The outcome of one message.
OUTCOME = (
    sa.update(outbox)
    .where(outbox.c.id == ROW_ID)
    .values(
        {
            name: sa.bindparam(name)
            for name in ("status", "attempts", "next_attempt_at", "last_error", "sent_at")
        }
    )
)
