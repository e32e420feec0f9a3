"""An expert's record as the roster shows it: deployments (activities, Actions, countries)
and the feedback on their work, read from what the activity reports and the Actions'
evaluations already store; and who sees the whole record or only its brief form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import ORMOption

from db.models import Action, Activity, Expert
from workflow.read.access import sees_whole_expert

# Loaded with an expert (or a page of them): their activities, those Actions and countries.
LOADERS: tuple[ORMOption, ...] = (
    selectinload(Expert.activities).selectinload(Activity.action).selectinload(Action.countries),
)
BRIEF_FIELDS = ("id", "name", "type", "nationality")
"""All a focal point sees of the experts on their Actions."""

__all__ = ["BRIEF_FIELDS", "LOADERS", "Deployment", "Feedback", "sees_whole_expert"]


@dataclass(frozen=True)
class Deployment:
    activity_id: int
    title: str
    type: str
    state: str
    start: dt.date | None  # the actual dates once held, else the planned ones
    end: dt.date | None
    action_id: int
    action_title: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Feedback:
    """One piece of feedback on work the expert took part in."""

    source: str  # participants (of an activity), partner or experts (an Action's evaluation)
    action_id: int
    activity_id: int | None
    text: str


def deployments(expert: Expert) -> list[Deployment]:
    """The expert's activities, newest first (those without dates last)."""
    found = [
        Deployment(
            activity_id=a.id,
            title=a.title,
            type=a.type_code,
            state=a.state,
            start=a.actual_start or a.planned_start,
            end=a.actual_end or a.planned_end,
            action_id=a.action_id,
            action_title=a.action.title,
            countries=tuple(c.code for c in a.action.countries),
        )
        for a in expert.activities
    ]
    return sorted(found, key=lambda d: (d.start is not None, d.start or dt.date.min), reverse=True)


def action_ids(expert: Expert) -> list[int]:
    return sorted({a.action_id for a in expert.activities})


def countries(expert: Expert) -> list[str]:
    """The countries of the Actions the expert worked on."""
    return sorted({c.code for a in expert.activities for c in a.action.countries})


def feedback(expert: Expert) -> list[Feedback]:
    """The participants' feedback of each of the expert's activities (its report), then the
    partner's and the experts' feedback of each of their Actions' evaluations."""
    found = [
        Feedback("participants", a.action_id, a.id, a.participant_feedback)
        for a in sorted(expert.activities, key=lambda a: a.id)
        if a.participant_feedback
    ]
    actions = {a.action_id: a.action for a in expert.activities}
    for action_id in sorted(actions):
        evaluation = actions[action_id].evaluation or {}
        for source, key in (("partner", "partner_feedback"), ("experts", "expert_feedback")):
            if evaluation.get(key):
                found.append(Feedback(source, action_id, None, str(evaluation[key])))
    return found
