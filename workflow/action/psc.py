"""The PSC's vote: who may vote in a round, and what the votes decide (docs/lifecycles.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, HistoryEntry, PscElector, PscVote, User, UserRole
from workflow.engine.context import FireContext

# A round's outcome and the system trigger that applies it.
DECISION_TRIGGERS = {
    "approve": "psc_approve",
    "request_changes": "psc_request_changes",
    "reject": "psc_reject",
}


def drafter_ids(session: Session, action: Action) -> set[int]:
    """Users who edited the Fiche or its Activities (added, changed, cancelled one), or
    submitted it: they may not vote."""
    return {actor for actor in session.scalars(_drafters(action.id)) if actor is not None}


def _drafters(action_id: int | sa.BindParameter[int]) -> sa.Select[int | None]:
    return sa.select(HistoryEntry.actor_id).where(
        HistoryEntry.action_id == action_id,
        HistoryEntry.actor_id.is_not(None),
        sa.or_(
            HistoryEntry.trigger.in_(("edit", "submit_to_psc")),
            sa.and_(
                HistoryEntry.object_kind == "activity",
                HistoryEntry.trigger.in_(("create", "cancel")),
            ),
        ),
    )


# Built once (every submission reads it): the same statement keeps its cache key.
_ELIGIBLE = (
    sa.select(User.id)
    .join(UserRole, UserRole.user_id == User.id)
    .where(
        UserRole.role == "psc",
        User.active.is_(True),
        User.id.not_in(sa.bindparam("excluded", expanding=True)),
        User.id.not_in(_drafters(sa.bindparam("action_id", type_=sa.Integer))),
    )
    .order_by(User.id)
)


def eligible_voters(session: Session, action: Action, submitter: User | None) -> list[int]:
    """Every active PSC member, minus the owner and the drafters (one query)."""
    excluded = {action.owner_id} | ({submitter.id} if submitter is not None else set())
    return list(session.scalars(_ELIGIBLE, {"excluded": sorted(excluded), "action_id": action.id}))


def electorate_to_fix(ctx: FireContext, action: Action) -> list[int]:
    """Who may vote if the Fiche is submitted now: read once per act (the guard that needs
    enough of them and the effect that fixes them ask the same question)."""
    voters = ctx.once(
        ("electorate", action.id), lambda: eligible_voters(ctx.session, action, ctx.actor)
    )
    return list(voters)


# Built once (a vote reads it every time): the same statement keeps its cache key.
_ROUND_STATE = (
    sa.select(PscElector.user_id, User.active, PscVote.decision)
    .join(User, User.id == PscElector.user_id)
    .outerjoin(
        PscVote,
        sa.and_(
            PscVote.action_id == PscElector.action_id,
            PscVote.round == PscElector.round,
            PscVote.member_id == PscElector.user_id,
        ),
    )
    .where(
        PscElector.action_id == sa.bindparam("action_id", type_=sa.Integer),
        PscElector.round == sa.bindparam("round", type_=sa.Integer),
    )
    .order_by(PscVote.cast_at, PscElector.user_id)
)


def round_state(session: Session, action: Action) -> tuple[list[int], dict[int, str]]:
    """The current round's electorate (less members deactivated since) and its votes so far,
    member -> decision, in one query."""
    params = {"action_id": action.id, "round": action.psc_round}
    rows = session.execute(_ROUND_STATE, params).all()
    voters = sorted(member for member, active, _ in rows if active)
    decisions = {member: decision for member, _, decision in rows if decision is not None}
    return voters, decisions


def electorate(session: Session, action: Action, round_: int | None = None) -> list[int]:
    """The round's electorate, less any member deactivated since it was fixed."""
    query = (
        sa.select(PscElector.user_id)
        .join(User, User.id == PscElector.user_id)
        .where(
            PscElector.action_id == action.id,
            PscElector.round == (round_ or action.psc_round),
            User.active.is_(True),
        )
        .order_by(PscElector.user_id)
    )
    return list(session.scalars(query))


def round_electorate(ctx: FireContext, action: Action, round_: int) -> list[int]:
    """`electorate`, taken from the act's memo when its vote count already read it (the
    voters a decision was taken on: `decide_round` keeps them)."""
    kept = ctx.memo.get(("voters", action.id, round_))
    return list(kept) if kept is not None else electorate(ctx.session, action, round_)


def votes(session: Session, action: Action, round_: int | None = None) -> list[PscVote]:
    """The PSC votes of a round (the current one by default), in the order they were cast."""
    query = sa.select(PscVote).where(
        PscVote.action_id == action.id, PscVote.round == (round_ or action.psc_round)
    )
    return list(session.scalars(query.order_by(PscVote.cast_at, PscVote.member_id)))


def decide(decisions: dict[int, str], voters: Iterable[int]) -> str | None:
    """The vote rule: one `reject` decides; else, once all have voted, unanimity approves.

    `decisions` maps member id to decision; None means the round is still open.
    """
    voters = list(voters)
    if "reject" in decisions.values():
        return "reject"
    if not voters or any(member not in decisions for member in voters):
        return None
    if all(decisions[member] == "approve" for member in voters):
        return "approve"
    return "request_changes"


def tally(decisions: dict[int, str], voters: list[int], round_: int) -> dict[str, object]:
    """The round's votes counted by decision, and who has not voted (the decision's data)."""
    counts = Counter(decisions.values())
    return {
        "round": round_,
        "electorate": len(voters),
        "approve": counts["approve"],
        "request_changes": counts["request_changes"],
        "reject": counts["reject"],
        "not_voted": [m for m in voters if m not in decisions],
    }
