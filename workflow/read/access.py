"""Who may see what: links of focal points and experts, and visibility (docs/lifecycles.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, Expert, FocalPoint, Request, User, activity_experts

if TYPE_CHECKING:
    from workflow.engine.context import FireContext

SEES_EVERYTHING = frozenset({"staff", "psc", "admin"})


def email_of(user: User) -> str:
    """The user's e-mail, trimmed and lower-cased: the key linking focal points and experts."""
    return (user.email or "").strip().lower()


def linked_focal_point(session: Session, action_id: int, user: User) -> FocalPoint | None:
    """The Action's focal point whose e-mail is the user's (case-insensitively), if any."""
    if "focal_point" not in user.roles or not email_of(user):
        return None
    return session.scalars(
        sa.select(FocalPoint).where(
            FocalPoint.action_id == action_id, FocalPoint.email == email_of(user)
        )
    ).first()


def actors_focal_point(ctx: FireContext, action_id: int) -> FocalPoint | None:
    """The Action's focal point the actor of `ctx` is, read once per act (visibility, the
    role check and the effect of `validate_fiche` all ask)."""
    actor = ctx.actor
    if actor is None:
        return None
    found: FocalPoint | None = ctx.once(
        ("focal_point", action_id), lambda: linked_focal_point(ctx.session, action_id, actor)
    )
    return found


def expert_of(session: Session, user: User) -> Expert | None:
    """The Expert record an expert user acts for (same e-mail)."""
    if "expert" not in user.roles or not email_of(user):
        return None
    return session.scalars(sa.select(Expert).where(Expert.email == email_of(user))).first()


def is_assigned(session: Session, activity: Activity, user: User) -> bool:
    """Whether the user acts for an Expert assigned to the Activity."""
    expert = expert_of(session, user)
    return expert is not None and any(e.id == expert.id for e in activity.experts)


def _linked_actions(user: User) -> sa.Select[int]:
    return sa.select(FocalPoint.action_id).where(FocalPoint.email == email_of(user))


def _assigned_activities(user: User) -> sa.Select[int]:
    return (
        sa.select(activity_experts.c.activity_id)
        .join(Expert, Expert.id == activity_experts.c.expert_id)
        .where(Expert.email == email_of(user))
    )


def _experts_on_linked_actions(user: User) -> sa.Select[int]:
    return (
        sa.select(activity_experts.c.expert_id)
        .join(Activity, Activity.id == activity_experts.c.activity_id)
        .where(Activity.action_id.in_(_linked_actions(user)))
    )


def sees_whole_expert(user: User, expert: Expert) -> bool:
    """Whether the user sees the whole record of an Expert they may see: staff, PSC and
    admin do, an expert their own; a focal point sees only the name, type and nationality
    of the experts on their Actions (never contacts or CVs)."""
    if user.roles & SEES_EVERYTHING:
        return True
    return "expert" in user.roles and bool(email_of(user)) and expert.email == email_of(user)


def visibility_filter(model: type[Any], user: User) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping only the rows of `model` the user may see.

    A focal point sees the Actions linked to them, with their Request, Activities
    and the experts of those Activities (in brief); an expert the Activities assigned
    to them, their Actions, and their own Expert record.
    """
    if user.roles & SEES_EVERYTHING:
        return sa.true()
    focal = "focal_point" in user.roles and bool(email_of(user))
    expert = "expert" in user.roles and bool(email_of(user))
    clauses: list[sa.ColumnElement[bool]] = []
    if model is Action:
        if focal:
            clauses.append(Action.id.in_(_linked_actions(user)))
        if expert:
            assigned = sa.select(Activity.action_id).where(
                Activity.id.in_(_assigned_activities(user))
            )
            clauses.append(Action.id.in_(assigned))
    elif model is Request and focal:
        linked = sa.select(Action.request_id).where(Action.id.in_(_linked_actions(user)))
        clauses.append(Request.id.in_(linked))
    elif model is Activity:
        if focal:
            clauses.append(Activity.action_id.in_(_linked_actions(user)))
        if expert:
            clauses.append(Activity.id.in_(_assigned_activities(user)))
    elif model is Expert:
        if expert:
            clauses.append(Expert.email == email_of(user))
        if focal:  # only the brief form (workflow.read.roster.sees_whole)
            clauses.append(Expert.id.in_(_experts_on_linked_actions(user)))
    return sa.or_(*clauses) if clauses else sa.false()


def can_see(session: Session, user: User, model: type[Any], object_id: int) -> bool:
    """Whether the user may see object `object_id` of `model` (the visibility rules)."""
    query = sa.select(model.id).where(model.id == object_id, visibility_filter(model, user))
    return session.scalar(query) is not None
