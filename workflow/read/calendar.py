"""The scheduled activities a user's calendar feed lists.

An expert: the activities they are scheduled on. Staff: the activities of the
Actions they own (a programme officer's own diary; all of them would drown it).
A focal point: those of the Actions linked to them. A user with several roles
gets the union; PSC members and admins alone get an empty calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from db.models import Action, Activity, ActivityType, Expert, FocalPoint, activity_experts
from workflow.activity.states import ActivityState
from workflow.engine import resolve
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.access import email_of
from workflow.read.queries import read_only


@dataclass(frozen=True)
class Event:
    activity_id: int
    action_id: int
    title: str
    type_label: str
    action_title: str
    place: str
    start: dt.date
    end: dt.date
    experts: tuple[str, ...]
    changed_at: dt.datetime


def scheduled_for(uow: UnitOfWork, user_id: int) -> list[Event]:
    """The user's scheduled activities, by start date."""
    with uow:
        session = read_only(uow)
        user = resolve.actor(session, user_id)
        email = email_of(user)
        mine: list[sa.ColumnElement[bool]] = []
        if "staff" in user.roles:
            mine.append(Action.owner_id == user.id)
        if "focal_point" in user.roles and email:
            linked = sa.select(FocalPoint.action_id).where(FocalPoint.email == email)
            mine.append(Activity.action_id.in_(linked))
        if "expert" in user.roles and email:
            assigned = (
                sa.select(activity_experts.c.activity_id)
                .join(Expert, Expert.id == activity_experts.c.expert_id)
                .where(Expert.email == email)
            )
            mine.append(Activity.id.in_(assigned))
        if not mine:
            return []
        query = (
            sa.select(Activity, Action.title, ActivityType.label)
            .join(Action, Action.id == Activity.action_id)
            .join(ActivityType, ActivityType.code == Activity.type_code)
            .where(Activity.state == ActivityState.SCHEDULED, sa.or_(*mine))
            .options(selectinload(Activity.experts))
            .order_by(Activity.planned_start, Activity.id)
        )
        found = []
        for activity, action_title, type_label in session.execute(query):
            if activity.planned_start is None or activity.planned_end is None:
                continue  # a scheduled activity has its dates (the schedule guard); be safe
            found.append(
                Event(
                    activity_id=activity.id,
                    action_id=activity.action_id,
                    title=activity.title,
                    type_label=type_label,
                    action_title=action_title,
                    place=activity.place,
                    start=activity.planned_start,
                    end=activity.planned_end,
                    experts=tuple(e.name for e in activity.experts),
                    changed_at=activity.updated_at,
                )
            )
        return found
