"""What a PSC member sees: the Actions waiting for their vote, and a round's votes so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from db.models import Action, PscElector, PscVote, User
from workflow.action import psc
from workflow.action.states import ActionState
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.queries import read_only


@dataclass(frozen=True)
class Waiting:
    """An Action waiting for this member's vote."""

    action_id: int
    title: str
    round: int
    deadline: dt.date | None


@dataclass(frozen=True)
class Ballot:
    """One member of a round's electorate and their vote, if cast."""

    member_id: int
    member: str
    decision: str | None
    comment: str
    cast_at: dt.datetime | None


def waiting_for(uow: UnitOfWork, member_id: int) -> list[Waiting]:
    """The Actions in PSC review whose current round counts this member and has no vote
    of theirs yet; the nearest deadline first. One query, whatever the number of Actions."""
    with uow:
        return waiting(read_only(uow), member_id)


def waiting(session: Session, member_id: int) -> list[Waiting]:
    """`waiting_for`, in the caller's transaction."""
    voted = sa.exists().where(
        PscVote.action_id == Action.id,
        PscVote.round == Action.psc_round,
        PscVote.member_id == member_id,
    )
    query = (
        sa.select(Action.id, Action.title, Action.psc_round, Action.psc_deadline)
        .join(
            PscElector,
            sa.and_(PscElector.action_id == Action.id, PscElector.round == Action.psc_round),
        )
        .where(Action.state == ActionState.PSC_REVIEW, PscElector.user_id == member_id, ~voted)
        .order_by(Action.psc_deadline.is_(None), Action.psc_deadline, Action.id)
    )
    return [Waiting(*row) for row in session.execute(query)]


def ballots(uow: UnitOfWork, action_id: int, round_: int) -> list[Ballot]:
    """The round's electorate with each member's vote (None: not voted yet)."""
    with uow:
        session = read_only(uow)
        action = session.get(Action, action_id)
        if action is None or round_ < 1:
            return []
        cast = {v.member_id: v for v in psc.votes(session, action, round_)}
        electors = psc.electorate(session, action, round_) or list(cast)
        query = sa.select(User.id, User.full_name).where(User.id.in_(electors))
        names = {member: name for member, name in session.execute(query)}
        return [_ballot(m, names.get(m, "?"), cast.get(m)) for m in electors]


Rounds = list[tuple[int, list[Ballot]]]


def rounds_of(session: Session, action: Action) -> tuple[Rounds, list[PscVote]]:
    """Every round's ballots, newest first, and the current round's votes (as `ballots` and
    `psc.votes` give them round by round), in two queries whatever the number of rounds."""
    votes = session.scalars(
        sa.select(PscVote)
        .where(PscVote.action_id == action.id)
        .options(joinedload(PscVote.member).lazyload(User.role_rows))
        .order_by(PscVote.cast_at, PscVote.member_id)
    ).all()
    electors = session.execute(
        sa.select(PscElector.round, PscElector.user_id, User.full_name)
        .join(User, User.id == PscElector.user_id)
        .where(PscElector.action_id == action.id, User.active.is_(True))
        .order_by(PscElector.round, PscElector.user_id)
    ).all()
    rounds = []
    for n in range(action.psc_round, 0, -1):
        cast = {v.member_id: v for v in votes if v.round == n}
        names = {m: name for r, m, name in electors if r == n}
        names = names or {m: v.member.full_name for m, v in cast.items()}
        rounds.append((n, [_ballot(m, name, cast.get(m)) for m, name in names.items()]))
    return rounds, [v for v in votes if v.round == action.psc_round]


def _ballot(member_id: int, name: str, vote: PscVote | None) -> Ballot:
    if vote is None:
        return Ballot(member_id, name, None, "", None)
    return Ballot(member_id, name, vote.decision, vote.comment, vote.cast_at)
