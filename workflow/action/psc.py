"""The PSC's vote: who may vote in a round, and what the votes decide (docs/lifecycles.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, HistoryEntry, PscElector, PscVote, User, UserRole

# A round's outcome and the system trigger that applies it.
DECISION_TRIGGERS = {
    "approve": "psc_approve",
    "request_changes": "psc_request_changes",
    "reject": "psc_reject",
}


def drafter_ids(session: Session, action: Action) -> set[int]:
    """Users who edited the Fiche or its Activities (added, changed, cancelled one), or
    submitted it: they may not vote."""
    query = sa.select(HistoryEntry.actor_id).where(
        HistoryEntry.action_id == action.id,
        HistoryEntry.actor_id.is_not(None),
        sa.or_(
            HistoryEntry.trigger.in_(("edit", "submit_to_psc")),
            sa.and_(
                HistoryEntry.object_kind == "activity",
                HistoryEntry.trigger.in_(("create", "cancel")),
            ),
        ),
    )
    return {actor for actor in session.scalars(query) if actor is not None}


def eligible_voters(session: Session, action: Action, submitter: User | None) -> list[int]:
    """Every active PSC member, minus the owner and the drafters."""
    excluded = drafter_ids(session, action) | {action.owner_id}
    if submitter is not None:
        excluded.add(submitter.id)
    members = session.scalars(
        sa.select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "psc", User.active.is_(True))
        .order_by(User.id)
    )
    return [m for m in members if m not in excluded]


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
