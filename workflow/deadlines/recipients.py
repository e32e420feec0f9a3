"""Who a reminder goes to: owners, the programme manager, assigned experts, PSC members."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Expert, User, UserRole
from db.models import activity_experts as deployments
from workflow.admin.settings import Settings
from workflow.deadlines.window import Recipient

# What a recipient is told as, in words: the reminder e-mail says it ("Role: owner" was a code).
RECIPIENT_ROLE_LABELS = {
    "owner": "owner",
    "programme_manager": "programme manager",
    "expert": "assigned expert",
    "psc_member": "PSC member",
}


def owner(user_id: int) -> list[Recipient]:
    """The owner of the object, by user id."""
    return [Recipient(user_id, None, "owner")]


def programme_manager(session: Session, settings: Settings) -> list[Recipient]:
    """The user named by the `programme_manager` setting; unset (or unknown): every active
    admin."""
    query = sa.select(User.id).where(User.active.is_(True))
    if settings.programme_manager:
        named = session.scalar(query.where(User.username == settings.programme_manager))
        if named is not None:
            return [Recipient(named, None, "programme_manager")]
    admins = query.join(UserRole).where(UserRole.role == "admin").order_by(User.id)
    return [Recipient(uid, None, "programme_manager") for uid in session.scalars(admins)]


def assigned_experts(session: Session, activity_id: int) -> list[Recipient]:
    """The Activity's experts: the active expert user with the Expert's e-mail, else the
    e-mail itself (an Expert without an account)."""
    return experts_of_activities(session, [activity_id]).get(activity_id, [])


def experts_of_activities(session: Session, activity_ids: list[int]) -> dict[int, list[Recipient]]:
    """`assigned_experts` of many Activities in two queries, whatever their number."""
    if not activity_ids:
        return {}
    # Each Expert's e-mail by its key, not a join: PostgreSQL hashed every Expert for it.
    email = sa.select(Expert.email).where(Expert.id == deployments.c.expert_id).scalar_subquery()
    assigned = session.execute(
        sa.select(deployments.c.activity_id, email.label("email"))
        .where(deployments.c.activity_id.in_(activity_ids))
        .order_by(deployments.c.activity_id, sa.literal_column("email"))
    ).all()
    return _as_recipients(session, assigned)


def experts_as_recipients(experts: Sequence[tuple[str | None, int | None]]) -> list[Recipient]:
    """`assigned_experts` when the Activity's experts and their accounts are read already:
    (e-mail, account id or None) each, in the same order (by e-mail, none last)."""
    ordered = sorted(experts, key=lambda pair: (pair[0] is None, pair[0] or ""))
    return [_recipient(email, account) for email, account in ordered]


# Built once (every event to experts or focal points asks it): the same statement keeps its
# cache key; the role and the e-mails bound at execution.
_ACCOUNTS = (
    sa.select(sa.func.lower(User.email), sa.func.min(User.id))
    .join(
        UserRole,
        sa.and_(
            UserRole.user_id == User.id, UserRole.role == sa.bindparam("role", type_=sa.String)
        ),
    )
    .where(
        User.active.is_(True), sa.func.lower(User.email).in_(sa.bindparam("emails", expanding=True))
    )
    .group_by(sa.func.lower(User.email))
)


def accounts_by_email(session: Session, emails: Sequence[str], role: str) -> dict[str, int]:
    """The active user holding `role` of each e-mail (lower-cased) that has one: the lowest id."""
    found = session.execute(_ACCOUNTS, {"role": role, "emails": sorted(set(emails))})
    return {email: uid for email, uid in found}


def _as_recipients(
    session: Session, assigned: Sequence[tuple[int, str | None]]
) -> dict[int, list[Recipient]]:
    emails = [email for _, email in assigned if email is not None]
    account = accounts_by_email(session, emails, "expert")
    found: dict[int, list[Recipient]] = {}
    for activity_id, e in assigned:
        uid = account.get(e) if e is not None else None
        found.setdefault(activity_id, []).append(_recipient(e, uid))
    return found


def _recipient(email: str | None, account: int | None) -> Recipient:
    """An assigned expert: their account when they have one, else their e-mail."""
    return Recipient(account, None if account is not None else email, "expert")
