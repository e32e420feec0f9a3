"""The admin's view of the outbox: what waits or failed, with its error, and Retry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from db.models import OutboxMessage, OutboxStatus
from workflow.engine import resolve
from workflow.engine.acts import acting, commit
from workflow.engine.errors import NotFound, invalid
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.loading import require_role
from workflow.read.queries import read_only

SHOWN = 200  # the newest rows of each kind; the count says how many there are


@dataclass(frozen=True)
class OutboxRow:
    id: int
    rule: str
    recipient: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None


def outbox_rows(uow: UnitOfWork, admin_id: int) -> tuple[list[OutboxRow], int]:
    """The failed messages, then those still waiting (newest first); and how many wait."""
    with uow:
        session = read_only(uow)
        require_role(resolve.actor(session, admin_id), "admin", "see the outbox")
        waiting = OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.PENDING))
        query = (
            sa.select(OutboxMessage)
            .where(waiting)
            .order_by(OutboxMessage.status.desc(), OutboxMessage.id.desc())
        )
        rows = [_row(m) for m in session.scalars(query.limit(SHOWN))]
        pending = sa.select(sa.func.count(OutboxMessage.id)).where(
            OutboxMessage.status == OutboxStatus.PENDING
        )
        return rows, session.scalar(pending) or 0


def _row(m: OutboxMessage) -> OutboxRow:
    return OutboxRow(
        m.id,
        m.rule,
        m.recipient,
        m.subject,
        str(m.status),
        m.attempts,
        m.next_attempt_at,
        m.last_error,
    )


def retry(uow: UnitOfWork, admin_id: int, message_id: int) -> None:
    """Send a failed message again at the next delivery pass (its attempts start over)."""
    with uow:
        _, admin = acting(uow, admin_id)
        require_role(admin, "admin", "retry a message")
        message = uow.session.get(OutboxMessage, message_id)
        if message is None:
            raise NotFound(f"No message {message_id} in the outbox.")
        if message.status != OutboxStatus.FAILED:
            raise invalid("message", "Only a failed message can be retried.")
        message.status, message.attempts = OutboxStatus.PENDING, 0
        message.next_attempt_at = uow.now()
        commit(uow, "message")
