"""In-app notifications: one row per notice shown to one user (the reminders fill them)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utcnow


class Notification(Base):
    __tablename__ = "notifications"
    # A user's list, newest first, with or without the read ones: one index serves both.
    __table_args__ = (sa.Index("ix_notifications_user", "user_id", "read_at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(sa.String(40))
    object_kind: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int]
    subject: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]
