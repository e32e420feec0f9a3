"""A user's choice of how notices reach them by e-mail (in-app notices are always kept)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utcnow


class NoticePreference(Base):
    """One row per user who changed the defaults; no row means e-mail on, single e-mails."""

    __tablename__ = "notice_preferences"
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[bool] = mapped_column(default=True)
    daily_digest: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
