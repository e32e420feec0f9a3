"""The PSC members' votes, and the decision that fires by itself (docs/lifecycles.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import sqlalchemy as sa

from db import lengths
from db.actions import VOTE_DECISIONS
from db.models import Action, PscVote
from workflow.action import psc
from workflow.action.lifecycle import ACTION
from workflow.action.states import ActionState
from workflow.admin.settings import load_settings
from workflow.engine import fire as engine
from workflow.engine import history
from workflow.engine.acts import commit, context
from workflow.engine.context import FireContext
from workflow.engine.definition import ReadWithAct
from workflow.engine.errors import GuardFailed, InvalidTransition, Reason, ValidationFailed
from workflow.engine.shapes import comment_reasons
from workflow.engine.unit_of_work import UnitOfWork
from workflow.engine.write import Reread, hold, refusals_confirmed, write_changes
from workflow.read.loading import act_on, require_role

REJECTED = "Rejected by the PSC:"
# Its parameters named apart from the columns of the other writes it may be sent with.
_VOTE_COLUMNS = ("action_id", "round", "member_id", "decision", "comment", "cast_at")
_VOTE_PARAMS = tuple(f"vote_{column}" for column in _VOTE_COLUMNS)
_INSERT_VOTE = sa.insert(cast(sa.Table, PscVote.__table__)).values(
    dict(zip(_VOTE_COLUMNS, map(sa.bindparam, _VOTE_PARAMS), strict=True))
)


def cast_vote(
    uow: UnitOfWork, action_id: int, actor_id: int, decision: Any, comment: Any = ""
) -> Action:
    """Record the member's vote in the current round; a decided round fires its decision."""
    try:
        return _cast_vote(uow, action_id, actor_id, decision, comment, (psc.ROUND_WITH_ACT,))
    except Reread:  # the round changed while the vote waited: read it after the lock
        return _cast_vote(uow, action_id, actor_id, decision, comment, ())


def _cast_vote(
    uow: UnitOfWork,
    action_id: int,
    actor_id: int,
    decision: Any,
    comment: Any,
    reads: tuple[ReadWithAct, ...],
) -> Action:
    with uow, refusals_confirmed(uow.session):
        ctx, found = act_on(uow, Action, action_id, actor_id, lock=True, reads=reads)
        action: Action = found
        member = ctx.actor
        assert member is not None
        require_role(member, "psc", "vote on an Action Fiche")
        comment = _checked_vote(decision, comment)
        if action.state != ActionState.PSC_REVIEW:
            reason = Reason("not_in_review", "The Action is not waiting for the PSC's decision.")
            raise InvalidTransition(reason.message, [reason])
        voters, decisions = psc.round_state(uow.session, action, ctx)
        _check_may_vote(member.id, voters, decisions)
        vote = (action.id, action.psc_round, member.id, decision, comment, ctx.now)
        # On PostgreSQL the vote's row goes with the act's write: the decision's, or the
        # Action's version and its history row below (one statement); elsewhere at once.
        hold(uow.session, _INSERT_VOTE, dict(zip(_VOTE_PARAMS, vote, strict=True)))
        action.updated_at = ctx.now
        ctx.history = []  # the vote's row waits: a decision it causes sends it with its own
        history.write(
            ctx,
            action,
            "vote",
            before=action.state,
            data={"round": action.psc_round, "decision": decision},
            comment=comment,
        )
        decisions[member.id] = decision
        if decide_round(ctx, action, decisions, voters, reject_comment=comment) is None:
            write_changes(uow.session, hold=True)  # the Action's new version
        history.insert(uow.session, ctx.history)  # the vote's row, unless the decision sent it
        ctx.history = None
        commit(uow, "action")
        return action


def _checked_vote(decision: Any, comment: Any) -> str:
    reasons: list[Reason] = []
    if decision not in VOTE_DECISIONS:
        reasons.append(Reason("decision", f"Must be one of {', '.join(VOTE_DECISIONS)}."))
    if comment is not None and not isinstance(comment, str):
        reasons.append(Reason("comment", "Must be a string."))
    text = comment.strip() if isinstance(comment, str) else ""
    required = "A comment is required unless approving."
    reasons += comment_reasons(
        text, required if decision in ("request_changes", "reject") else None
    )
    if reasons:
        raise ValidationFailed("The vote is not valid.", reasons)
    return text


def _check_may_vote(member_id: int, voters: list[int], decisions: dict[int, str]) -> None:
    if member_id not in voters:
        reason = Reason(
            "not_in_electorate",
            "You are not in this round's electorate (owners and drafters of a Fiche may not vote).",
        )
        raise GuardFailed(reason.message, [reason])
    if member_id in decisions:
        reason = Reason("already_voted", "You have already voted in this round.")
        raise GuardFailed(reason.message, [reason])


def decide_round(
    ctx: FireContext,
    action: Action,
    decisions: dict[int, str],
    voters: list[int],
    silent: list[int] | None = None,
    reject_comment: str = "",
    outcome: str | None = None,
) -> str | None:
    """Fire the round's decision as the system, in the caller's transaction, once decided.

    Only the votes of the current electorate count (a member deactivated since
    voting no longer does); `outcome` forces a decision the votes cannot give.
    """
    counted = {member: d for member, d in decisions.items() if member in voters}
    outcome = outcome or psc.decide(counted, voters)
    if outcome is None:
        return None
    # The voters counted are the round's electorate now: its notice need not read it again.
    memo = {("voters", action.id, action.psc_round): list(voters)}
    # The caller's waiting history rows (the deciding vote's) go with the decision's.
    system = FireContext(ctx.session, None, ctx.now, ctx.settings, memo=memo, history=ctx.history)
    system.record = psc.tally(counted, voters, action.psc_round)
    if silent:
        system.record["counted_as_approving"] = silent
    system.comment = f"PSC decision, round {action.psc_round}."
    data = {"reason": rejection_reason(reject_comment)} if outcome == "reject" else None
    engine.fire(ACTION, action, psc.DECISION_TRIGGERS[outcome], system, data)
    return outcome


def rejection_reason(comment: str) -> str:
    """The reason the PSC's rejection gives: the deciding comment, cut to a long text's
    length if need be (the vote keeps it whole), so any valid comment can reject."""
    reason = f"{REJECTED} {comment}"
    if len(reason) > lengths.LONG_TEXT:
        reason = reason[: lengths.LONG_TEXT - 1] + "\u2026"
    return reason


def retally(ctx: FireContext, action: Action) -> str | None:
    """Decide the round again after its electorate shrank (a member was deactivated).

    With nobody left to vote, the Fiche goes back to drafting, to be submitted
    to a new electorate (`psc_electorate_too_small` guards that submission).
    """
    voters, decisions = psc.round_state(ctx.session, action)
    forced = None if voters else "request_changes"
    return decide_round(ctx, action, decisions, voters, outcome=forced)


def apply_silence_procedure(uow: UnitOfWork, action_id: int) -> str | None:
    """After the vote deadline, with the silence procedure on, silence counts as approval.

    The deadline day is the members' last day to vote: the procedure applies
    from the day after it.
    """
    with uow:
        ctx = context(uow, None)
        action = uow.session.get(Action, action_id, with_for_update=True)
        if (
            action is None
            or action.state != ActionState.PSC_REVIEW
            or not ctx.settings.silence_procedure
        ):
            return None
        if action.psc_deadline is None or ctx.today <= action.psc_deadline:
            return None
        voters, decisions = psc.round_state(uow.session, action)
        silent = {m: "approve" for m in voters if m not in decisions}
        outcome = decide_round(ctx, action, {**decisions, **silent}, voters, list(silent))
        commit(uow, "action")
        return outcome


def close_silent_rounds(uow_factory: Callable[[], UnitOfWork]) -> list[tuple[int, str]]:
    """The deadline scan's PSC part: apply the silence procedure to every round past due.

    Does nothing while the `silence_procedure` setting is off. One transaction
    per Action, so one failure cannot undo the others.
    """
    with uow_factory() as uow:
        settings = load_settings(uow.session)
        if not settings.silence_procedure:
            return []
        due = list(
            uow.session.scalars(
                sa.select(Action.id)
                .where(
                    Action.state == ActionState.PSC_REVIEW, Action.psc_deadline < uow.now().date()
                )
                .order_by(Action.id)
            )
        )
    decided = []
    for action_id in due:
        outcome = apply_silence_procedure(uow_factory(), action_id)
        if outcome:
            decided.append((action_id, outcome))
    return decided
