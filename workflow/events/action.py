"""The Action's event notices, as effects of its transitions (listed in its lifecycle).

- `psc_vote_opened`: the round's electorate, when the Fiche is submitted to the PSC.
- `psc_decision`: the owner and the electorate, when the PSC's decision fires
  (by the votes, or by the silence procedure).
- `fiche_validation`: the linked focal points, when the Fiche waits for their
  validation (complete, and not validated since it last changed).
"""

from __future__ import annotations

import sqlalchemy as sa

from db.models import Action, HistoryEntry
from workflow.action import psc
from workflow.action.guards import fiche_complete
from workflow.action.states import ActionState
from workflow.engine.context import FireContext
from workflow.engine.definition import Effect
from workflow.events import OUTCOMES
from workflow.events.notify import after_the_fire, focal_points, notify, users


@after_the_fire
def vote_opened(action: Action, ctx: FireContext) -> None:
    """Effect of `submit_to_psc`, after the round is opened: tell its electorate."""
    # The electorate the round was opened with, read by this act (else read again).
    fixed = ctx.memo.get(("electorate", action.id))
    voters = list(fixed) if fixed is not None else psc.electorate(ctx.session, action)
    deadline = action.psc_deadline.isoformat() if action.psc_deadline else ""
    facts = {"psc_deadline": deadline, "round": action.psc_round}
    notify(
        ctx,
        "psc_vote_opened",
        ("action", action.id),
        users(voters, "psc_member"),
        f"round-{action.psc_round}",
        facts,
        title=action.title,
    )


def psc_decided(trigger: str) -> Effect:
    """Effect of a PSC decision (`trigger`): tell the owner and the round's electorate."""

    def told(action: Action, ctx: FireContext) -> None:
        round_ = int(ctx.record.get("round") or action.psc_round)
        facts: dict[str, object] = {"outcome": OUTCOMES[trigger], "round": round_}
        if ctx.record.get("counted_as_approving"):
            facts["silence_procedure"] = "silence counted as approval"
        if trigger == "psc_reject" and action.closing_reason:
            facts["reason"] = action.closing_reason
        recipients = [
            *users([action.owner_id], "owner"),
            *users(psc.round_electorate(ctx, action, round_), "psc_member"),
        ]
        occurrence = f"round-{round_}"
        notify(
            ctx, "psc_decision", ("action", action.id), recipients, occurrence, facts, action.title
        )

    told.__doc__ = f"Effect of `{trigger}`: tell the owner and the electorate."
    return after_the_fire(told)


def ask_partner_validation(action: Action, ctx: FireContext) -> None:
    """Tell the linked focal points that the Fiche waits for their validation.

    It waits when it is being drafted, complete (what `submit_to_psc` checks of
    the Fiche itself) and not validated. One notice for each validation awaited:
    the occurrence counts the validations already given, so a Fiche changed
    after a validation asks again, once.
    """
    if action.state != ActionState.FICHE_DRAFTING or action.partner_validated_on is not None:
        return
    if fiche_complete(action, ctx):
        return
    given = ctx.session.scalar(
        sa.select(sa.func.count(HistoryEntry.id)).where(
            HistoryEntry.object_kind == "action",
            HistoryEntry.object_id == action.id,
            HistoryEntry.trigger == "validate_fiche",
        )
    )
    notify(
        ctx,
        "fiche_validation",
        ("action", action.id),
        focal_points(ctx.session, action.id),
        f"validation-{(given or 0) + 1}",
        {"round": action.psc_round} if action.psc_round else {},
        title=action.title,
    )


# As an effect of a transition (changes requested): once the fire is written.
ask_partner_validation_later = after_the_fire(ask_partner_validation)
