"""The Activity's event notices, as effects of its transitions (listed in its lifecycle).

- `activity_scheduled`: the assigned experts, when the activity is scheduled.
- `report_returned`: the assigned experts, when their report is returned.
- `report_submitted`: the Action's owner, when the report is submitted.
"""

from __future__ import annotations

from db.models import Activity
from workflow.activity.guards import expert_accounts
from workflow.deadlines.recipients import assigned_experts, experts_as_recipients
from workflow.deadlines.window import Recipient
from workflow.engine.context import FireContext
from workflow.events.notify import after_the_fire, notify, users


def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def experts_told(activity: Activity, ctx: FireContext) -> list[Recipient]:
    """The scheduled Activity's experts as recipients: the accounts were read with the
    locked Expert rows (`expert_accounts`), as `assigned_experts` reads them."""
    experts = activity.experts  # set by the effect, no query
    accounts = expert_accounts(ctx, [e.id for e in experts])
    return experts_as_recipients([(e.email, accounts[e.id]) for e in experts])


@after_the_fire
def scheduled(activity: Activity, ctx: FireContext) -> None:
    """Effect of `schedule`, after the dates and experts are fixed: tell the experts. Each
    scheduling is its own occurrence (the version it was fired on)."""
    facts = {
        "planned_start": _day(activity.planned_start),
        "planned_end": _day(activity.planned_end),
        "place": activity.place or "",
    }
    notify(
        ctx,
        "activity_scheduled",
        ("activity", activity.id),
        experts_told(activity, ctx),
        f"{_day(activity.planned_start)}/v{activity.version}",
        {k: v for k, v in facts.items() if v},
        title=activity.title,
    )


@after_the_fire
def report_returned(activity: Activity, ctx: FireContext) -> None:
    """Effect of `return_report`, after the new due date is set: tell the experts why."""
    due = _day(activity.report_due_on)
    notify(
        ctx,
        "report_returned",
        ("activity", activity.id),
        assigned_experts(ctx.session, activity.id),
        f"due-{due}",
        {"report_due_on": due, "comment": ctx.comment},
        title=activity.title,
    )


@after_the_fire
def report_submitted(activity: Activity, ctx: FireContext) -> None:
    """Effect of `submit_report`: tell the Action's owner (unless they submitted it)."""
    by = ctx.actor.full_name or ctx.actor.username if ctx.actor else ""
    notify(
        ctx,
        "report_submitted",
        ("activity", activity.id),
        users([activity.action.owner_id], "owner"),
        f"due-{_day(activity.report_due_on)}",
        {"submitted_by": by} if by else {},
        title=activity.title,
    )
