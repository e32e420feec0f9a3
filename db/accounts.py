"""Account security: one-time links, failed logins, and the admins' audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, check_in

LINK_PURPOSES = ("invitation", "reset")
THROTTLE_SCOPES = ("account", "address")


class AccountLink(Base):
    """A one-time link to set a password: only the sha256 of its token is kept."""

    __tablename__ = "account_links"
    __table_args__ = (check_in("purpose", LINK_PURPOSES, "known_purpose"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    # Set when the link is followed to the end, or when a newer link replaces it.
    used_at: Mapped[dt.datetime | None]


class LoginFailure(Base):
    """One failed login, counted by account and by address (every process reads the same)."""

    __tablename__ = "login_failures"
    __table_args__ = (
        check_in("scope", THROTTLE_SCOPES, "known_scope"),
        # The throttle's query: this key's failures within the window.
        sa.Index("ix_login_failures_key", "scope", "key", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(10))
    key: Mapped[str] = mapped_column(sa.String(254))
    at: Mapped[dt.datetime]


class AuditEntry(Base):
    """One admin action: who, when, what, before and after. Rows are never changed or
    removed (the ORM refuses, and a database trigger refuses too)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    # No foreign key cascade: the trail outlives whatever it names. None: the command line.
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(sa.String(80))
    action: Mapped[str] = mapped_column(sa.String(40))
    object_kind: Mapped[str] = mapped_column(sa.String(20))
    object_key: Mapped[str] = mapped_column(sa.String(80))
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


@sa.event.listens_for(AuditEntry, "before_update")
@sa.event.listens_for(AuditEntry, "before_delete")
def _append_only(mapper: Any, connection: Any, target: AuditEntry) -> None:
    """No code path changes or removes an audit row (the migration's trigger says it again)."""
    raise PermissionError("audit_log is append-only: its rows are never changed or deleted")
