"""The coming reminders of one object: each rule's next occurrence, for its page.

The same rules as the scan (`intake`, `actions`, `activities`), asked the other
way round: not "what is due today across the database" but "when will this
object next be reminded of what, and to whom", from its stored due dates, its
current state and the settings. A reminder whose condition is met (report
submitted, vote cast, decision taken) has no next occurrence, so it is not
listed. "Coming" means after the last day whose reminders are already due at
`now` (`window_for(now).last`): from then on the scan would send it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.models import Action, Activity, Expert, Request, User
from db.models import activity_experts as deployments
from workflow.action.states import ActionState
from workflow.activity.states import ActivityState
from workflow.admin.settings import Settings, load_settings
from workflow.deadlines import Due
from workflow.deadlines.actions import non_voters
from workflow.deadlines.activities import BEFORE_DUE, ESCALATE_FROM, EVERY, FIRST_OVERDUE
from workflow.deadlines.intake import (
    CLOCK_STOPPED,
    OPEN_REQUEST,
    action_days,
    rapid_reaction_met,
    request_days,
)
from workflow.deadlines.outbox import what_is_due
from workflow.deadlines.recipients import assigned_experts, owner, programme_manager
from workflow.deadlines.window import Recipient, dues, window_for
from workflow.engine.unit_of_work import UnitOfWork
from workflow.read.queries import read_only

DAY = dt.timedelta(days=1)
# Each rule that applies: its candidate days (the first after the due ones is next), to
# whom, and what its occurrence adds to the day (the PSC round, the report's due date).
NextDays = list[tuple[str, list[dt.date], list[Recipient], str]]


@dataclass(frozen=True)
class ComingReminder:
    """One rule's next reminder about the object: on which day (from which hour, UTC), to
    whom (names, each once even when reminded under two roles)."""

    rule: str
    what: str
    on: dt.date
    at: dt.datetime
    to: tuple[str, ...]


def coming_reminders(uow: UnitOfWork, kind: str, object_id: int) -> list[ComingReminder]:
    """The service: the object's coming reminders at the unit of work's clock, soonest first.
    The caller has checked the user may see the object."""
    with uow:
        session = read_only(uow)
        settings = load_settings(session)
        found = coming_dues(session, kind, object_id, uow.now(), settings)
        return named(session, found, settings)


def coming_dues(
    session: Session, kind: str, object_id: int, now: dt.datetime, settings: Settings
) -> list[Due]:
    """Each rule's next occurrence after the days already due at `now`, as the Due records
    the scan will return on that day (one per recipient)."""
    after = window_for(now, settings).last
    rules = {"request": _request, "action": _action, "activity": _activity}[kind]
    found: list[Due] = []
    for rule, days, people, suffix in rules(session, object_id, settings, after):
        day = min((d for d in days if d > after), default=None)
        if day is not None and people:
            found += dues(rule, (kind, object_id), people, day.isoformat() + suffix, day, {})
    return sorted(found, key=lambda d: (d.due_on, d.rule))


def _request(session: Session, request_id: int, settings: Settings, after: dt.date) -> NextDays:
    """Open Requests: the eligibility decision, the rapid-reaction clock from receipt."""
    row = session.get(Request, request_id)
    if row is None or row.state not in OPEN_REQUEST:
        return []
    people = owner(row.owner_id) + programme_manager(session, settings)
    found: NextDays = [("eligibility", [row.eligibility_due_on], owner(row.owner_id), "")]
    for rule, offset in request_days(settings):
        found.append((rule, [row.received_on + dt.timedelta(days=offset)], people, ""))
    return found


def _action(session: Session, action_id: int, settings: Settings, after: dt.date) -> NextDays:
    """The rapid-reaction clock while it runs and is not met, the PSC vote, the evaluation."""
    row = session.get(Action, action_id)
    if row is None:
        return []
    found: NextDays = []
    clock_runs = row.state not in CLOCK_STOPPED and row.rapid_reaction_due_on is not None
    met = sa.select(rapid_reaction_met()).where(Action.id == action_id)
    if clock_runs and not session.scalar(met):
        people = owner(row.owner_id) + programme_manager(session, settings)
        for rule, offset in action_days(settings):
            day = row.rapid_reaction_due_on + dt.timedelta(days=offset)
            found.append((rule, [day], people, ""))
    if row.state == ActionState.PSC_REVIEW and row.psc_deadline is not None:
        missing = non_voters(session, action_id, row.psc_round)
        deadline = row.psc_deadline
        voters = [Recipient(uid, None, "psc_member") for uid, _ in missing]
        told = owner(row.owner_id) if missing else []
        round_ = f"/round-{row.psc_round}"
        found.append(("psc_vote", [deadline - 2 * DAY, deadline], voters, round_))
        found.append(("psc_vote_owner", [deadline + DAY], told, round_))
    if row.state == ActionState.EVALUATION and row.evaluation_due_on is not None:
        found.append(("evaluation", [row.evaluation_due_on], owner(row.owner_id), ""))
    return found


def _activity(session: Session, activity_id: int, settings: Settings, after: dt.date) -> NextDays:
    """Experts not confirmed (planned, none assigned), the report series while held."""
    row = session.get(Activity, activity_id)
    if row is None:
        return []
    action = session.get(Action, row.action_id)
    assert action is not None  # a foreign key
    staffed = session.scalar(sa.select(sa.exists().where(deployments.c.activity_id == row.id)))
    paused = action.state == ActionState.SUSPENDED  # the experts' clock stands
    if row.state == ActivityState.PLANNED and row.planned_start and not (staffed or paused):
        lead = dt.timedelta(days=settings.experts_confirmed_days - action.suspension_days)
        return [("experts_unconfirmed", [row.planned_start - lead], owner(action.owner_id), "")]
    if row.state != ActivityState.HELD or row.report_due_on is None:
        return []
    due = row.report_due_on
    people = assigned_experts(session, row.id) + owner(action.owner_id)
    manager = programme_manager(session, settings)
    overdue = _days_after(due, range(FIRST_OVERDUE, ESCALATE_FROM, EVERY))
    series = f"/due-{due.isoformat()}"  # a returned report starts a new series
    return [
        ("report_due", [due - dt.timedelta(days=BEFORE_DUE)], people, series),
        ("report_overdue", overdue, people, series),
        ("report_escalation", [next_escalation(due, after)], people + manager, series),
    ]


def _days_after(due: dt.date, offsets: Iterable[int]) -> list[dt.date]:
    return [due + dt.timedelta(days=d) for d in offsets]


def next_escalation(due: dt.date, after: dt.date) -> dt.date:
    """The first `report_escalation` day (due + 15, then every 7 days) after `after`."""
    late = (after - due).days - ESCALATE_FROM
    weeks = 0 if late < 0 else late // EVERY + 1
    return due + dt.timedelta(days=ESCALATE_FROM + weeks * EVERY)


def named(session: Session, found: list[Due], settings: Settings) -> list[ComingReminder]:
    """One entry per (rule, day), its recipients by name, each person once."""
    users = {d.recipient_user_id for d in found if d.recipient_user_id is not None}
    emails = {d.recipient_email for d in found if d.recipient_email is not None}
    names: dict[object, str] = {}
    if users:
        rows = session.execute(
            sa.select(User.id, User.full_name, User.username).where(User.id.in_(users))
        )
        names |= {uid: full or username for uid, full, username in rows}
    if emails:
        experts = sa.select(Expert.email, Expert.name).where(Expert.email.in_(emails))
        names |= {email: name for email, name in session.execute(experts)}
    grouped: dict[tuple[dt.date, str], list[str]] = {}
    for due in found:
        who = due.recipient_user_id or due.recipient_email
        name = names.get(who, str(who))
        people = grouped.setdefault((due.due_on, due.rule), [])
        people += [] if name in people else [name]
    hour = dt.time(settings.reminder_hour, tzinfo=dt.UTC)
    return [
        ComingReminder(rule, what_is_due(rule), day, dt.datetime.combine(day, hour), tuple(to))
        for (day, rule), to in grouped.items()
    ]
