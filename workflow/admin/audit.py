"""The audit trail of admin actions: who, when, what, before and after; append-only.

Each admin use case writes its entry in its own transaction, so an action
and its entry are stored together or not at all. Nothing here updates or
deletes an entry (and the database refuses to, see migration 0019).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import AuditEntry, User
from db.users import ROLES
from workflow.engine import resolve
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.loading import require_role
from workflow.read.queries import read_only

COMMAND_LINE = "(command line)"
PER_PAGE = 50


def user_facts(user: User) -> dict[str, Any]:
    """What the trail keeps of a user (never a password or its hash)."""
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "roles": [r for r in ROLES if r in user.roles],
        "active": user.active,
    }


def record(
    session: Session,
    actor: User | None,
    action: str,
    target: tuple[str, object],
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: Any,
) -> None:
    """Add one entry to the caller's transaction; `actor` None is the command line."""
    kind, key = target
    session.add(
        AuditEntry(
            at=at,
            actor_id=actor.id if actor else None,
            actor_name=actor.username if actor else COMMAND_LINE,
            action=action,
            object_kind=kind,
            object_key=str(key),
            before=before,
            after=after,
        )
    )


@dataclass(frozen=True)
class AuditRow:
    at: Any
    actor: str
    action: str
    object_kind: str
    object_key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    pages: int
    total: int


def audit_page(uow: UnitOfWork, admin_id: int, page: int = 1) -> AuditPage:
    """One page of the trail, newest first (an admin's view)."""
    with uow:
        session = read_only(uow)
        require_role(resolve.actor(session, admin_id), "admin", "read the audit trail")
        total = session.scalar(sa.select(sa.func.count(AuditEntry.id))) or 0
        pages = max(1, math.ceil(total / PER_PAGE))
        page = min(max(page, 1), pages)
        query = (
            sa.select(AuditEntry)
            .order_by(AuditEntry.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE)
        )
        rows = [
            AuditRow(e.at, e.actor_name, e.action, e.object_kind, e.object_key, e.before, e.after)
            for e in session.scalars(query)
        ]
        return AuditPage(rows, page, pages, total)
