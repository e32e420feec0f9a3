"""The outbox: one row per reminder for one recipient, created once, delivered at least once."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class OutboxStatus(enum.StrEnum):
    """A message's delivery state (its own type: not one of the lifecycles)."""

    PENDING = "pending"
    SENT = "sent"
    SUPERSEDED = "superseded"
    FAILED = "failed"
    # Never e-mailed: the recipient turned e-mails off or has no address (the in-app
    # notice is its delivery).
    IN_APP = "in_app"
    # Sent inside the recipient's daily digest (its own outbox row, rule `daily_digest`).
    DIGESTED = "digested"


OUTBOX_STATUS = sa.Enum(
    OutboxStatus,
    name="outbox_status",
    values_callable=lambda statuses: [s.value for s in statuses],
    validate_strings=True,
)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # Once: the database refuses a second row for the same reminder.
        sa.UniqueConstraint(
            "rule", "object_kind", "object_id", "recipient", "occurrence", name="uq_outbox_key"
        ),
        # The sender's query: pending rows whose time has come, oldest first.
        sa.Index("ix_outbox_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(sa.String(40))
    object_kind: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int]
    # The key's recipient: the user id as text, or the e-mail of an expert without an account.
    recipient: Mapped[str] = mapped_column(sa.String(254))
    recipient_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE")
    )
    recipient_email: Mapped[str | None] = mapped_column(sa.String(254))
    occurrence: Mapped[str] = mapped_column(sa.String(80))
    due_on: Mapped[dt.date]
    subject: Mapped[str] = mapped_column(sa.String(300))
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[OutboxStatus] = mapped_column(OUTBOX_STATUS, default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
