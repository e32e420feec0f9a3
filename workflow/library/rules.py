"""Who may add, withdraw and download the programme's files.

Seeing comes first: whoever may not see the Action (or the expert) is told it
does not exist (404), as everywhere else; the rules below then say who of those
who see it may act (403).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, Expert, User, activity_experts
from workflow.engine.errors import Forbidden
from workflow.read.access import SEES_EVERYTHING, expert_of, linked_focal_point


def _assigned_to_action(session: Session, action_id: int, user: User) -> bool:
    expert = expert_of(session, user)
    if expert is None:
        return False
    query = (
        sa.select(activity_experts.c.activity_id)
        .join(Activity, Activity.id == activity_experts.c.activity_id)
        .where(Activity.action_id == action_id, activity_experts.c.expert_id == expert.id)
    )
    return session.scalar(query.limit(1)) is not None


def require_may_upload(
    session: Session, user: User, action: Action, activity: Activity | None
) -> None:
    """Staff add files to any Action; a focal point to the Actions linked to them; an expert
    to the Actions they work on, and to the reports of their own activities."""
    if "staff" in user.roles:
        return
    if linked_focal_point(session, action.id, user) is not None:
        return
    if activity is not None:
        expert = expert_of(session, user)
        if expert is not None and any(e.id == expert.id for e in activity.experts):
            return
    elif _assigned_to_action(session, action.id, user):
        return
    raise Forbidden(
        "Only staff, the Action's focal points and its experts may add files to it"
        + (" (an expert: to the reports of their own activities)." if activity else ".")
    )


def require_may_withdraw(user: User) -> None:
    if "staff" not in user.roles:
        raise Forbidden("Only staff may withdraw a deliverable.")


def sees_withdrawn(user: User) -> bool:
    """Withdrawn files stay readable, from the history, to those who see everything."""
    return bool(user.roles & SEES_EVERYTHING)


def cv_reader(session: Session, user: User, expert: Expert) -> bool:
    """Staff, PSC and admin read every CV, an expert their own; focal points never."""
    if user.roles & SEES_EVERYTHING:
        return True
    own = expert_of(session, user)
    return own is not None and own.id == expert.id


def require_may_upload_cv(session: Session, user: User, expert: Expert) -> None:
    own = expert_of(session, user)
    if "staff" in user.roles or (own is not None and own.id == expert.id):
        return
    raise Forbidden("Only staff and the expert themself may upload a CV.")
