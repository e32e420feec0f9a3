"""The Action's rules: the PSC vote and the evaluation."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, PscElector, PscVote, User
from workflow.action.states import ActionState
from workflow.admin.settings import Settings
from workflow.deadlines import Due
from workflow.deadlines.recipients import owner
from workflow.deadlines.window import Recipient, Window, dues

DAY = dt.timedelta(days=1)


def psc_vote(session: Session, window: Window, settings: Settings) -> list[Due]:
    """`psc_vote` to the round's non-voters on deadline - 2 and on the deadline;
    `psc_vote_owner` to the owner on deadline + 1, with the non-voters."""
    found: list[Due] = []
    rounds = session.execute(
        sa.select(Action.id, Action.owner_id, Action.psc_round, Action.psc_deadline).where(
            Action.psc_deadline.between(window.first - DAY, window.last + 2 * DAY),
            Action.state == ActionState.PSC_REVIEW,
        )
    ).all()
    # Every round's non-voters in one query: the scan's cost follows what is due.
    absent = non_voters_of_rounds(session, [aid for aid, *_ in rounds])
    for aid, owner_id, round_, deadline in rounds:
        assert deadline is not None  # selected on it
        missing = absent.get(aid, [])
        facts = {"round": round_, "deadline": deadline.isoformat()}
        for day in (deadline - 2 * DAY, deadline):
            if day in window:
                who = [Recipient(uid, None, "psc_member") for uid, _ in missing]
                found += dues("psc_vote", ("action", aid), who, _occ(day, round_), day, facts)
        if deadline + DAY in window and missing:
            facts = {**facts, "non_voters": [name for _, name in missing]}
            day = deadline + DAY
            occurrence = _occ(day, round_)
            found += dues(
                "psc_vote_owner", ("action", aid), owner(owner_id), occurrence, day, facts
            )
    return found


def _occ(day: dt.date, round_: int) -> str:
    """A PSC occurrence: the day and the round (a new round's reminders are new ones)."""
    return f"{day.isoformat()}/round-{round_}"


def non_voters(session: Session, action_id: int, round_: int) -> list[tuple[int, str]]:
    """The round's electorate members who have not voted: (user id, name)."""
    voted = sa.select(PscVote.member_id).where(
        PscVote.action_id == action_id, PscVote.round == round_
    )
    rows = session.execute(
        sa.select(User.id, User.full_name, User.username)
        .join(PscElector, PscElector.user_id == User.id)
        .where(PscElector.action_id == action_id, PscElector.round == round_)
        .where(PscElector.user_id.not_in(voted))
        .order_by(User.id)
    )
    return [(uid, full or username) for uid, full, username in rows]


def non_voters_of_rounds(
    session: Session, action_ids: list[int]
) -> dict[int, list[tuple[int, str]]]:
    """`non_voters` of the current round of many Actions at once: Action id -> (id, name)."""
    if not action_ids:
        return {}
    voted = sa.exists().where(
        PscVote.action_id == PscElector.action_id,
        PscVote.round == PscElector.round,
        PscVote.member_id == PscElector.user_id,
    )
    rows = session.execute(
        sa.select(PscElector.action_id, User.id, User.full_name, User.username)
        .join(User, PscElector.user_id == User.id)
        .join(
            Action, sa.and_(Action.id == PscElector.action_id, Action.psc_round == PscElector.round)
        )
        .where(PscElector.action_id.in_(action_ids), ~voted)
        .order_by(PscElector.action_id, User.id)
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for aid, uid, full, username in rows:
        found.setdefault(aid, []).append((uid, full or username))
    return found


def evaluation(session: Session, window: Window, settings: Settings) -> list[Due]:
    """`evaluation`: the Action is still in evaluation on its `evaluation_due_on`."""
    rows = session.execute(
        sa.select(Action.id, Action.owner_id, Action.evaluation_due_on).where(
            Action.evaluation_due_on.between(window.first, window.last),
            Action.state == ActionState.EVALUATION,
        )
    )
    return [
        due
        for aid, owner_id, day in rows
        if day is not None
        for due in dues("evaluation", ("action", aid), owner(owner_id), str(day), day, {})
    ]
