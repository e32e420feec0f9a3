"""Rows to the API's objects (docs/api.md "Objects"), through the response models, so every
answer is checked against the schema the OpenAPI document publishes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from db.models import (
    Action,
    Activity,
    Expert,
    HistoryEntry,
    Notification,
    PscVote,
    Request,
    User,
)
from webui.api import schemas as s
from workflow.services import Availability, roster

# Loaded with each page in a few queries, instead of one query per row and relation; only
# what is printed (an Action's activities by id, a user's name without their roles).
LOADERS: dict[type[Any], Sequence[ORMOption]] = {
    Request: (
        joinedload(Request.owner).lazyload(User.role_rows),
        selectinload(Request.countries),
        selectinload(Request.thematic_areas),
        selectinload(Request.topics),
        selectinload(Request.action).lazyload(Action.owner),  # its id only
    ),
    Action: (
        selectinload(Action.countries),
        selectinload(Action.thematic_areas),
        selectinload(Action.topics),
        selectinload(Action.focal_points),
        selectinload(Action.activities).load_only(Activity.id),
        joinedload(Action.owner).lazyload(User.role_rows),
    ),
    Activity: (selectinload(Activity.experts),),
    Expert: roster.LOADERS,
}


def user_ref(user: User) -> s.UserRef:
    return s.UserRef(id=user.id, username=user.username)


def _stamps(obj: Any) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in ("id", "version", "created_at", "updated_at")}


def _codes(rows: Sequence[Any]) -> list[str]:
    return [row.code for row in rows]


def request_out(request: Request) -> s.RequestOut:
    return s.RequestOut(
        **_stamps(request),
        state=request.state,
        requester_name=request.requester_name,
        requester_type=request.requester_type_code,
        countries=_codes(request.countries),
        thematic_areas=_codes(request.thematic_areas),
        topics=_codes(request.topics),
        received_on=request.received_on,
        summary=request.summary,
        endorsed_by=request.endorsed_by,
        endorsed_on=request.endorsed_on,
        owner=user_ref(request.owner),
        action_id=request.action.id if request.action else None,
    )


def vote_out(vote: PscVote) -> s.VoteOut:
    return s.VoteOut(
        member=user_ref(vote.member),
        decision=vote.decision,
        comment=vote.comment,
        cast_at=vote.cast_at,
    )


def current_votes(session: Session, actions: Sequence[Action]) -> dict[int, list[PscVote]]:
    """The current round's votes of several Actions in one query."""
    rounds = [
        sa.and_(PscVote.action_id == a.id, PscVote.round == a.psc_round)
        for a in actions
        if a.psc_round > 0  # never submitted: no votes, no query
    ]
    found: dict[int, list[PscVote]] = defaultdict(list)
    if rounds:
        query = sa.select(PscVote).where(sa.or_(*rounds))
        query = query.options(joinedload(PscVote.member).lazyload(User.role_rows))
        for vote in session.scalars(query.order_by(PscVote.cast_at, PscVote.member_id)):
            found[vote.action_id].append(vote)
    return found


def action_out(action: Action, votes: Sequence[PscVote]) -> s.ActionOut:
    return s.ActionOut(
        **_stamps(action),
        state=action.state,
        request_id=action.request_id,
        title=action.title,
        objectives=action.objectives,
        context=action.context,
        countries=_codes(action.countries),
        thematic_areas=_codes(action.thematic_areas),
        topics=_codes(action.topics),
        owner=user_ref(action.owner),
        focal_points=[
            s.FocalPointOut(name=f.name, institution=f.institution, email=f.email)
            for f in action.focal_points
        ],
        partner_validated_by=action.partner_validated_by,
        partner_validated_on=action.partner_validated_on,
        psc_round=action.psc_round,
        psc_deadline=action.psc_deadline,
        votes=[vote_out(v) for v in votes],
        evaluation=action.evaluation,
        activity_ids=[a.id for a in action.activities],
    )


def activity_out(activity: Activity) -> s.ActivityOut:
    people = None
    if activity.participants_total is not None:
        people = s.ParticipantsOut(
            total=activity.participants_total,
            women=activity.participants_women,
            men=activity.participants_men,
        )
    plain = ("title", "place", "planned_start", "planned_end", "actual_start", "actual_end")
    return s.ActivityOut(
        **_stamps(activity),
        **{k: getattr(activity, k) for k in plain},
        state=activity.state,
        action_id=activity.action_id,
        type=activity.type_code,
        expert_ids=[e.id for e in activity.experts],
        participants=people,
        report_due_on=activity.report_due_on,
        report=activity.report,
        participant_feedback=activity.participant_feedback,
    )


def expert_out(expert: Expert) -> s.ExpertOut:
    plain = ("name", "email", "type", "gender", "administration", "languages", "has_cv", "phone")
    return s.ExpertOut(
        **_stamps(expert),
        **{k: getattr(expert, k) for k in plain},
        nationality=expert.nationality_code,
        member_state=expert.member_state_code,
        thematic_areas=list(expert.thematic_areas),
        availability=[s.PeriodOut.model_validate(p) for p in expert.availability],
        activity_ids=sorted(a.id for a in expert.activities),
        action_ids=roster.action_ids(expert),
        deployment_countries=roster.countries(expert),
        feedback=[
            s.FeedbackOut.model_validate(f, from_attributes=True) for f in roster.feedback(expert)
        ],
    )


def expert_brief(expert: Expert) -> s.ExpertBrief:
    return s.ExpertBrief(
        id=expert.id, name=expert.name, type=expert.type, nationality=expert.nationality_code
    )


def expert_for(viewer: User | None, expert: Expert) -> s.Out:
    """The whole record, or the brief form for a viewer who may see only that."""
    if viewer is None or roster.sees_whole_expert(viewer, expert):
        return expert_out(expert)
    return expert_brief(expert)


def many(session: Session, rows: Sequence[Any], viewer: User | None = None) -> list[s.Out]:
    """Several objects of one kind (a page), with the Actions' votes fetched at once;
    `viewer` decides how much of an Expert is shown (None: everything)."""
    if rows and isinstance(rows[0], Action):
        votes = current_votes(session, rows)
        return [action_out(a, votes.get(a.id, [])) for a in rows]
    return [one(session, row, viewer) for row in rows]


def one(session: Session, obj: Any, viewer: User | None = None) -> s.Out:
    if isinstance(obj, Action):
        return action_out(obj, current_votes(session, [obj]).get(obj.id, []))
    if isinstance(obj, Expert):
        return expert_for(viewer, obj)
    render: Any = {Request: request_out, Activity: activity_out, Expert: expert_out}[type(obj)]
    out: s.Out = render(obj)
    return out


def history_out(entry: HistoryEntry) -> s.HistoryOut:
    return s.HistoryOut(
        trigger=entry.trigger,
        from_state=entry.from_state,
        to_state=entry.to_state,
        actor=user_ref(entry.actor) if entry.actor else None,
        at=entry.at,
        comment=entry.comment,
        data=entry.data,
    )


def transition_out(item: Availability) -> s.TransitionOut:
    return s.TransitionOut(
        trigger=item.trigger,
        label=item.label,
        allowed=item.allowed,
        reasons=[s.ReasonOut(code=r.code, message=r.message) for r in item.reasons],
        requires=item.requires,
    )


def notification_out(row: Notification) -> s.NotificationOut:
    fields = ("id", "rule", "object_kind", "object_id", "subject", "created_at", "read_at")
    return s.NotificationOut(**{k: getattr(row, k) for k in fields})
