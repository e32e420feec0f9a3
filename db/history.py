"""The immutable history: one row per fired transition, edit or vote."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, check_in, utcnow
from db.users import User

OBJECT_KINDS = ("request", "action", "activity", "expert")


class HistoryEntry(Base):
    """Append-only: no code path updates or deletes a row."""

    __tablename__ = "history"
    __table_args__ = (
        check_in("object_kind", OBJECT_KINDS, "known_kind"),
        sa.Index("ix_history_object", "object_kind", "object_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    object_kind: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int]
    # The Action a row belongs to (its own, or its Activity's), for one Action timeline.
    action_id: Mapped[int | None] = mapped_column(index=True)
    trigger: Mapped[str] = mapped_column(sa.String(40))
    from_state: Mapped[str | None] = mapped_column(sa.String(40))
    to_state: Mapped[str | None] = mapped_column(sa.String(40))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: the system
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship(lazy="joined")
