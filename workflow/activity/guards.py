"""Guards of the Activity lifecycle: what the Action allows, dates, experts, double-booking."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from db.models import Activity, Expert, User, UserRole
from workflow.action.states import ActionState
from workflow.activity.bookings import BOOKINGS_CHECK
from workflow.engine.context import FireContext
from workflow.engine.definition import Guard, LockedWith, RowsGuard, checks
from workflow.engine.errors import Reason

# What each Action state lets its Activities do (docs/lifecycles.md); other states: nothing.
ACTION_ALLOWS: dict[ActionState, frozenset[str] | None] = {
    ActionState.FICHE_DRAFTING: frozenset({"cancel"}),
    ActionState.IMPLEMENTATION: None,  # everything
    ActionState.SUSPENDED: frozenset({"submit_report", "return_report", "accept_report"}),
}


def action_allows(trigger: str) -> Guard:
    """A guard: the parent Action's state lets Activities fire `trigger`."""

    def guard(activity: Activity, ctx: FireContext) -> list[Reason]:
        state = activity.action.state
        allowed = ACTION_ALLOWS.get(ActionState(state), frozenset())
        if allowed is None or trigger in allowed:
            return []
        return [
            Reason(
                "action_not_active",
                f"The Action is {state.replace('_', ' ')}: its activities cannot do this now.",
            )
        ]

    guard.__name__ = f"action_allows_{trigger}"
    return checks("The Action's state allows it")(guard)


def schedule_dates(activity: Activity, ctx: FireContext) -> tuple[dt.date | None, dt.date | None]:
    """The planned start and end: those sent with the fire, else the stored ones."""
    return (
        ctx.value("planned_start", activity.planned_start),
        ctx.value("planned_end", activity.planned_end),
    )


def schedule_expert_ids(activity: Activity, ctx: FireContext) -> list[int]:
    """The expert ids: those sent with the fire, else the assigned experts'."""
    sent = ctx.value("expert_ids")
    return list(sent) if sent is not None else [e.id for e in activity.experts]


# Built once: the same statements keep their cache keys, the ids bound at execution. Each
# Expert comes with the account the `activity_scheduled` notice tells (the active user with
# the expert role and the Expert's e-mail, the lowest id; as `accounts_by_email`), read with
# the rows rather than in a query of its own.
_ACCOUNT = (
    sa.select(sa.func.min(User.id))
    .join(UserRole, sa.and_(UserRole.user_id == User.id, UserRole.role == "expert"))
    .where(User.active.is_(True), sa.func.lower(User.email) == Expert.email)
    .correlate(Expert)
    .scalar_subquery()
)
_EXPERTS = (
    sa.select(Expert, _ACCOUNT)
    .where(Expert.id.in_(sa.bindparam("ids", expanding=True)))
    .order_by(Expert.id)
)
_EXPERTS_LOCKED = _EXPERTS.with_for_update(of=Expert)


def _memo_keys(ids: list[int]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Where an act keeps the experts of `ids` it read, and whether it locked them."""
    distinct = tuple(sorted(set(ids)))
    return ("experts", distinct), ("experts locked", distinct)


def _experts_read(ctx: FireContext, ids: list[int], lock: bool = False) -> list[Any]:
    """(Expert, account id or None) of `ids` in id order, read once per act (the data check,
    the lock, the availability warning, the effect and the notice share them); `lock` reads
    and locks them again unless this act read them locked already (with the act's own
    statement, `EXPERTS_WITH_ACT`)."""
    key, locked = _memo_keys(ids)
    if lock and not ctx.memo.get(locked):
        ctx.memo.pop(key, None)
        ctx.memo[locked] = True

    def read() -> list[Any]:
        query = _EXPERTS_LOCKED if lock else _EXPERTS
        return [tuple(row) for row in ctx.session.execute(query, {"ids": list(key[1])})]

    return list(ctx.once(key, read))


def _remember_locked(ctx: FireContext, ids: list[int], rows: list[tuple[Any, ...]]) -> None:
    key, locked = _memo_keys(ids)
    ctx.memo[key] = rows
    ctx.memo[locked] = True


# `schedule`'s experts, sent as ids, locked and read with the act (`LockedWith`): the data
# check, the lock step and the effects find them read, as `_experts_read` leaves them.
EXPERTS_WITH_ACT = LockedWith("expert_ids", Expert.id, (Expert, _ACCOUNT), _remember_locked)


def experts_of(ctx: FireContext, ids: list[int], lock: bool = False) -> list[Expert]:
    """The Expert rows of `ids` in id order (see `_experts_read`)."""
    return [expert for expert, _account in _experts_read(ctx, ids, lock)]


def expert_accounts(ctx: FireContext, ids: list[int]) -> dict[int, int | None]:
    """Each Expert of `ids` by id: the id of the account told about it, or None."""
    return {expert.id: account for expert, account in _experts_read(ctx, ids)}


def experts_known(activity: Activity, ctx: FireContext) -> list[Reason]:
    """A data check: every expert id sent names an Expert. Data checks run only when
    firing: the rows are read locked, once, as `lock_experts` would."""
    ids = set(ctx.value("expert_ids", []))
    found = {expert.id for expert in experts_of(ctx, list(ids), lock=True)} if ids else set()
    unknown = sorted(ids - found)
    if not unknown:
        return []
    return [Reason("data.expert_ids", f"Unknown: {', '.join(map(str, unknown))}.")]


def dates_ordered(activity: Activity, ctx: FireContext) -> list[Reason]:
    """A data check: the dates sent, merged with the stored ones, are in order."""
    start, end = schedule_dates(activity, ctx)
    if start and end and end < start:
        field = "data.planned_end" if ctx.value("planned_end") else "data.planned_start"
        return [Reason(field, f"The activity would end ({end}) before it starts ({start}).")]
    return []


def lock_experts(activity: Activity, ctx: FireContext) -> None:
    """Lock the Expert rows in id order, so two schedules of one expert queue, never deadlock."""
    ids = schedule_expert_ids(activity, ctx)
    if ids:
        experts_of(ctx, ids, lock=True)


@checks("The dates are fixed")
def dates_fixed(activity: Activity, ctx: FireContext) -> list[Reason]:
    """Guard `dates_not_fixed`: the activity's planned start and end dates are set."""
    start, end = schedule_dates(activity, ctx)
    if start and end:
        return []
    return [Reason("dates_not_fixed", "The activity's planned start and end dates are not set.")]


@checks("At least one expert is assigned")
def has_expert(activity: Activity, ctx: FireContext) -> list[Reason]:
    """Guard `no_expert`: at least one expert is assigned to the activity."""
    if schedule_expert_ids(activity, ctx):
        return []
    return [Reason("no_expert", "No expert is assigned to the activity.")]


def _booking_params(activity: Activity, ctx: FireContext) -> dict[str, Any] | None:
    start, end = schedule_dates(activity, ctx)
    ids = schedule_expert_ids(activity, ctx)
    if not (start and end and ids):
        return None
    values = {"start": start, "end": end, "activity_id": activity.id, "ids": ids}
    return {f"booking_{name}": value for name, value in values.items()}


def _double_bookings(clashes: list[tuple[Any, ...]]) -> list[Reason]:
    # By expert, then by activity (rows read with a write come unordered).
    return [
        Reason(
            "expert_double_booked",
            f"{name} is already booked on '{title}' (activity {other_id}) on overlapping dates.",
        )
        for _expert, name, title, other_id in sorted(clashes, key=lambda c: (c[0], c[3]))
    ]


# Guard `expert_double_booked`: no assigned expert is booked elsewhere on overlapping dates.
# One query: a fire on PostgreSQL reads it with its write, after the experts' row locks.
no_double_booking = RowsGuard(
    "no_double_booking",
    "No expert is booked elsewhere on those dates",
    BOOKINGS_CHECK,
    _booking_params,
    _double_bookings,
)


@checks("The activity has ended")
def held_in_the_past(activity: Activity, ctx: FireContext) -> list[Reason]:
    """Guard `not_yet_held`: the actual end date sent is not in the future."""
    end = ctx.value("actual_end")
    if end is None or end <= ctx.today:
        return []
    return [Reason("not_yet_held", f"The actual end date {end.isoformat()} is in the future.")]


def experts_available(activity: Activity, ctx: FireContext) -> list[Reason]:
    """A warning: an expert whose stated availability does not cover the dates."""
    start, end = schedule_dates(activity, ctx)
    ids = schedule_expert_ids(activity, ctx)
    if not (start and end and ids):
        return []
    experts = experts_of(ctx, ids)
    return [
        Reason(
            "expert_unavailable",
            f"{expert.name} has not said they are available from {start} to {end}.",
        )
        for expert in experts
        if expert.availability and not covers(expert.availability, start, end)
    ]


def covers(periods: list[dict[str, str]], start: dt.date, end: dt.date) -> bool:
    return any(
        dt.date.fromisoformat(p["start"]) <= start and end <= dt.date.fromisoformat(p["end"])
        for p in periods
    )
