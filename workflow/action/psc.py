"""The PSC's vote: who may vote in a round, and what the votes decide (docs/lifecycles.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, HistoryEntry, PscElector, PscVote, User, UserRole
from workflow.engine.context import FireContext
from workflow.engine.definition import ReadWithAct

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


def _eligible(column: Any, action_id: Any, owner_id: Any, submitter_id: Any) -> sa.Select[Any]:
    """`column` of every active PSC member, less the owner, the submitter and the drafters:
    one definition for the submission's read, its check, and its read with the act."""
    return (
        sa.select(column)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            UserRole.role == "psc",
            User.active.is_(True),
            User.id != owner_id,
            User.id != submitter_id,
            User.id.not_in(_drafters(action_id).correlate(Action)),
        )
    )


def _bound(prefix: str, *names: str) -> list[sa.BindParameter[int]]:
    return [sa.bindparam(f"{prefix}{name}", type_=sa.Integer) for name in names]


def _as_json(*columns: Any) -> Any:
    """The rows of `columns` as one JSON text, as `ReadWithAct` reads them."""
    return sa.cast(sa.func.json_agg(sa.func.json_build_array(*columns)), sa.Text)


_SUBMISSION = ("action_id", "owner_id", "submitter_id")
# Built once (every submission reads it): the same statements keep their cache keys.
_ELIGIBLE = _eligible(User.id, *_bound("", *_SUBMISSION)).order_by(User.id)
# On PostgreSQL, read with `submit_to_psc`'s act (its actor submits), checked again with
# its write (`ReadWithAct`).
ELECTORATE_WITH_ACT = ReadWithAct(
    "electorate read with the act",
    _eligible(
        _as_json(User.id), Action.id, Action.owner_id, sa.bindparam("actor_id", type_=sa.Integer)
    )
    .correlate(Action)
    .scalar_subquery(),
    _eligible(User.id, *_bound("electorate_", *_SUBMISSION)),
)


def _submission(action: Action, submitter: User | None, prefix: str = "") -> dict[str, Any]:
    """The parameters of `_eligible`'s reads: the Action, its owner, its submitter."""
    owner = action.owner_id
    values = (action.id, owner, submitter.id if submitter is not None else owner)
    return {f"{prefix}{name}": value for name, value in zip(_SUBMISSION, values, strict=True)}


def eligible_voters(session: Session, action: Action, submitter: User | None) -> list[int]:
    """Every active PSC member, minus the owner and the drafters (one query)."""
    return list(session.scalars(_ELIGIBLE, _submission(action, submitter)))


def electorate_to_fix(ctx: FireContext, action: Action) -> list[int]:
    """Who may vote if the Fiche is submitted now: read once per act (the guard that needs
    enough of them and the effect that fixes them ask the same question); taken from the
    act's own statement when it read them (PostgreSQL), checked again with the write."""

    def read() -> list[int]:
        rows = ELECTORATE_WITH_ACT.taken(ctx, _submission(action, ctx.actor, "electorate_"))
        if rows is None:
            return eligible_voters(ctx.session, action, ctx.actor)
        return sorted(member for (member,) in rows)

    return list(ctx.once(("electorate", action.id), read))


def _round(columns: tuple[Any, ...], action_id: Any, round_: Any) -> sa.Select[Any]:
    """`columns` of each member of a round's electorate, with their vote if cast: one
    definition for the vote's read, its check and its read with the act."""
    return (
        sa.select(*columns)
        .select_from(PscElector)
        .join(User, User.id == PscElector.user_id)
        .outerjoin(
            PscVote,
            sa.and_(
                PscVote.action_id == PscElector.action_id,
                PscVote.round == PscElector.round,
                PscVote.member_id == PscElector.user_id,
            ),
        )
        .where(PscElector.action_id == action_id, PscElector.round == round_)
    )


_MEMBER = (PscElector.user_id, User.active, PscVote.decision)
# Built once (a vote reads it every time): the same statements keep their cache keys.
_ROUND_STATE = _round(_MEMBER, *_bound("", "action_id", "round")).order_by(
    PscVote.cast_at, PscElector.user_id
)
# On PostgreSQL, read with a vote's act, checked again with its write (`ReadWithAct`).
ROUND_WITH_ACT = ReadWithAct(
    "round read with the act",
    _round((_as_json(*_MEMBER),), Action.id, Action.psc_round).correlate(Action).scalar_subquery(),
    _round(_MEMBER, *_bound("round_", "action_id", "number")),
)


def round_state(
    session: Session, action: Action, ctx: FireContext | None = None
) -> tuple[list[int], dict[int, str]]:
    """The current round's electorate (less members deactivated since) and its votes so far,
    member -> decision, in one query; taken from the act's own statement when it read them
    (`ROUND_WITH_ACT`, in `ctx`'s memo), checked again with the write."""
    checked = {"round_action_id": action.id, "round_number": action.psc_round}
    rows = ROUND_WITH_ACT.taken(ctx, checked) if ctx is not None else None
    if rows is None:
        params = {"action_id": action.id, "round": action.psc_round}
        rows = [tuple(row) for row in session.execute(_ROUND_STATE, params)]
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
