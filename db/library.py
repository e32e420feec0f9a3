"""Files the programme keeps: deliverables of Actions (and of activity reports), experts' CVs.

A file's bytes live in the file store (MIEUX_UPLOAD_DIR) under a random key; the
database keeps what the user named it, its checked type, size and digest.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db import lengths
from db.base import Base, check_in, utcnow

DELIVERABLE_TYPES = (
    "standard_operating_procedures",
    "guide_or_training_manual",
    "guidelines_or_protocol",
    "national_policy",
    "strategy_or_action_plan",
    "needs_assessment",
    "brochure",
    "other",
)
STORE_KEY = 64


class StoredFile(Base):
    """One uploaded file: never the user's name on disk, only `key`."""

    __tablename__ = "stored_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(STORE_KEY), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(lengths.SHORT_TEXT))
    media_type: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Deliverable(Base):
    """A product of an Action (or a file attached to one of its activity reports)."""

    __tablename__ = "deliverables"
    __table_args__ = (check_in("type", DELIVERABLE_TYPES, "known_type"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id"), index=True)
    # Set when the file belongs to an activity's report rather than to the Action itself.
    activity_id: Mapped[int | None] = mapped_column(sa.ForeignKey("activities.id"), index=True)
    type: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(lengths.SHORT_TEXT))
    language: Mapped[str] = mapped_column(sa.String(2))
    issued_on: Mapped[dt.date]
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"), unique=True)
    # Withdrawn deliverables stay (their history and file); lists and searches leave them out.
    withdrawn_at: Mapped[dt.datetime | None]
    withdrawn_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    file: Mapped[StoredFile] = relationship(lazy="joined", innerjoin=True)


class ExpertCv(Base):
    """An expert's current CV (a new upload replaces it)."""

    __tablename__ = "expert_cvs"
    expert_id: Mapped[int] = mapped_column(
        sa.ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True
    )
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"), unique=True)

    file: Mapped[StoredFile] = relationship(lazy="joined", innerjoin=True)


class CalendarLink(Base):
    """A user's calendar feed secret: the link is an HMAC of this nonce with the app's key,
    so the database alone does not give the link, and renewing (a new nonce) kills the old."""

    __tablename__ = "calendar_links"
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    nonce: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
