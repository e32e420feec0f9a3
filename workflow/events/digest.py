"""The daily digest: one e-mail a day for a user who chose it, listing that day's notices.

The delivery pass gathers, before sending, each digest user's notices still
waiting from days before today (UTC) into one outbox row per user and day
(rule `daily_digest`, about the user, occurrence the day), in one transaction
that also marks the notices `digested`: each notice is listed once, and the
digest is then delivered, retried and listed for the admin like any message.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

import sqlalchemy as sa

from db.models import OutboxMessage, OutboxStatus
from workflow.admin.links import ACCOUNT_RULES
from workflow.deadlines import Due
from workflow.deadlines.outbox import add_dues
from workflow.engine.unit_of_work import UnitOfWork
from workflow.events import DAILY_DIGEST
from workflow.events.preferences import digest_user_ids


def gather_digests(uow: UnitOfWork, now: dt.datetime) -> int:
    """Write the digests of the days before `now`'s day; returns how many were written."""
    today = dt.datetime.combine(now.astimezone(dt.UTC).date(), dt.time(), dt.UTC)
    with uow:
        session = uow.session
        query = (
            sa.select(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.rule != DAILY_DIGEST,
                OutboxMessage.rule.not_in(ACCOUNT_RULES),  # sent at once, never digested
                OutboxMessage.recipient_user_id.in_(digest_user_ids()),
                OutboxMessage.created_at < today,
            )
            .order_by(OutboxMessage.id)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # another pass takes the others
        days: dict[tuple[int, dt.date], list[OutboxMessage]] = defaultdict(list)
        for row in session.scalars(query):
            assert row.recipient_user_id is not None  # selected on it
            days[row.recipient_user_id, row.created_at.astimezone(dt.UTC).date()].append(row)
        for (user_id, day), rows in days.items():
            items = [
                {"subject": r.subject, "object_kind": r.object_kind, "object_id": r.object_id}
                for r in rows
            ]
            digest = Due(DAILY_DIGEST, "user", user_id, user_id, None, day.isoformat(), day)
            digest = replace(digest, facts={"items": items})
            # A notice dated a day already digested (a clock set back): a digest of its own.
            if not add_dues(session, now, [digest]):
                add_dues(session, now, [replace(digest, occurrence=f"{day}/{rows[0].id}")])
            for row in rows:
                row.status = OutboxStatus.DIGESTED
        uow.commit()
        return len(days)
